using System.IO.Compression;
using System.Text;
using Azure.Core;
using Azure.Storage.Blobs;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Documents;
using Governance.Core.Evidence;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Storage;
using Governance.Functions.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Governance.Functions.Tests.EvidenceFiles;

namespace Governance.Functions.Tests;

/// <summary>The pieces the monthly report reuses, the orphan sweep, and how links are signed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceServiceTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly Caller Staff = new("test", Role.Staff, null, "测试");
    private TestApp _app = null!;
    private Assignment _xinyuan = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite);
        await _app.ImportSeed2023Async();
        var list = await _app.Services.GetRequiredService<AssignmentStore>().ListAsync(2023, "兴胜街道办事处", default);
        _xinyuan = list.Single();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private EvidenceUploads Service => _app.Services.GetRequiredService<EvidenceUploads>();

    private EvidenceRecords Records => _app.Services.GetRequiredService<EvidenceRecords>();

    /// <summary>A multipart body read as the web edge reads it, then received by the service.</summary>
    private Task<ReceivedUpload> ReceiveAsync(Stream body, string contentType) =>
        Service.ReceiveAsync(_xinyuan, _app.Services.GetRequiredService<RequestForms>().Read(body, contentType), default);

    [Fact]
    public async Task A_report_can_receive_fields_and_files_then_commit_them_without_a_requirement_into_the_general_folder()
    {
        var attachment = Pdf(3000, seed: 21);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("本月完成议事协商"), "summary" },
            { new StringContent("BJ-4"), "progress[0].requirement" },
            { new StringContent("BJ-6"), "progress[0].requirement" },
        };
        form.Add(new ByteArrayContent(attachment), "file", "月度附件.pdf");
        await using var body = await form.ReadAsStreamAsync();

        var upload = await ReceiveAsync(body, form.Headers.ContentType!.ToString());
        Assert.Equal("本月完成议事协商", upload.Fields["summary"]);
        Assert.Equal("BJ-6", upload.Fields["progress[0].requirement"]);
        Assert.Equal(new[] { "BJ-4", "BJ-6" }, upload.AllFields["progress[0].requirement"]);
        Assert.Equal(Sha256(attachment), upload.Files.Single().Sha256);

        var items = await Service.CommitAsync(Staff, _xinyuan, upload, null, MonthPeriod.Parse("2023-06"), null, default);
        Assert.Null(items.Single().Requirement);
        Assert.Empty(await Records.RequirementsWithEvidenceAsync(_xinyuan.Id, default));

        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan.Id}/evidence", Form("BJ-6", "2023-06", ("养老服务站.jpg", Jpeg())), expect: 201);
        Assert.Equal(new[] { "BJ-6" }, await Records.RequirementsWithEvidenceAsync(_xinyuan.Id, default));

        var bundle = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan.Id}/evidence/bundle");
        using var plain = new HttpClient();
        using var zip = new ZipArchive(new MemoryStream(await plain.GetByteArrayAsync(bundle.GetProperty("url").GetString())));
        Assert.Contains("通用/月度附件.pdf", zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task A_discarded_upload_leaves_no_blob()
    {
        using var form = Form("BJ-3", "2023-06", ("照片.jpg", Jpeg()), ("照片2.jpg", Jpeg(seed: 4)));
        await using var body = await form.ReadAsStreamAsync();
        var upload = await ReceiveAsync(body, form.Headers.ContentType!.ToString());
        Assert.Equal(2, (await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer))).Count);

        await Service.DiscardAsync(upload);

        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.EvidenceTable)));
    }

    [Fact]
    public async Task An_upload_that_breaks_off_mid_file_leaves_no_blob_and_no_record()
    {
        using var form = Form("BJ-3", "2023-06", ("完整.jpg", Jpeg(4000, seed: 1)), ("中断.jpg", Jpeg(600_000, seed: 2)));
        var whole = await form.ReadAsByteArrayAsync();
        // The client goes away 300 KB into the second file.
        await using var body = new BreaksOffStream(new MemoryStream(whole), breakAt: whole.Length - 300_000);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => ReceiveAsync(body, form.Headers.ContentType!.ToString()));

        Assert.Equal("upload_incomplete", refused.Code);
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.EvidenceTable)));
    }

    [Fact]
    public async Task The_sweep_removes_blobs_without_a_record_once_they_are_an_hour_old()
    {
        var kept = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan.Id}/evidence", Form("BJ-3", "2023-06", ("照片.jpg", Jpeg())), expect: 201);
        var keptId = kept.GetProperty("items")[0].GetProperty("id").GetString()!;
        var container = _app.Container(StorageNames.EvidenceContainer);
        var orphan = $"{_xinyuan.Id}/{EvidenceIds.New(_xinyuan.Id)}";
        await container.UploadBlobAsync(orphan, BinaryData.FromBytes(Jpeg()));

        var store = _app.Services.GetRequiredService<EvidenceStore>();
        var now = new EvidenceJanitor(store, new FakeTimeProvider(Governance.Testing.StorageClock.Now), NullLogger<EvidenceJanitor>.Instance);
        Assert.Equal(0, await now.SweepAsync(default));
        Assert.Contains(orphan, await BlobNamesAsync(container));

        var anHourLater = new EvidenceJanitor(store, new FakeTimeProvider(Governance.Testing.StorageClock.Now.AddMinutes(61)), NullLogger<EvidenceJanitor>.Instance);
        Assert.Equal(1, await anHourLater.SweepAsync(default));
        Assert.Equal(new[] { $"{_xinyuan.Id}/{keptId}" }, await BlobNamesAsync(container));
    }

    [Fact]
    public void A_client_holding_the_account_key_signs_service_sas_links()
    {
        var client = new BlobServiceClient(azurite.ConnectionString);
        Assert.Equal(SasKind.Service, DownloadLinks.KindFor(client));
    }

    [Fact]
    public void A_client_holding_a_token_credential_signs_user_delegation_links()
    {
        var client = new BlobServiceClient(new Uri("https://dsgovprod.blob.core.chinacloudapi.cn"), new StaticToken());
        Assert.Equal(SasKind.UserDelegation, DownloadLinks.KindFor(client));
    }

    [Theory]
    [InlineData("活动照片一.jpg", "attachment; filename=\"file.jpg\"; filename*=UTF-8''%E6%B4%BB%E5%8A%A8%E7%85%A7%E7%89%87%E4%B8%80.jpg")]
    [InlineData("BJ-3 照片\"1\".png", "attachment; filename=\"BJ-3 ___1_.png\"; filename*=UTF-8''BJ-3%20%E7%85%A7%E7%89%87%221%22.png")]
    public void Links_carry_an_ascii_fallback_and_the_utf8_name(string name, string expected) =>
        Assert.Equal(expected, DownloadLinks.ContentDisposition(name));

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token", Governance.Testing.StorageClock.Now.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>A request body whose client disconnects: reads fail with IOException after <paramref name="breakAt"/> bytes.</summary>
    private sealed class BreaksOffStream(Stream inner, long breakAt) : Governance.Testing.ForwardOnlyStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Consumed >= breakAt)
            {
                throw new IOException("The client reset the connection.");
            }
            var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, breakAt - Consumed)], cancellationToken);
            Consumed += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var bytes = new byte[buffer.Length];
            var n = ReadAsync(bytes).AsTask().GetAwaiter().GetResult();
            bytes.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
    }
}
