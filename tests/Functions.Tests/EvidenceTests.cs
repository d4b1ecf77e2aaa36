using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Governance.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Governance.Functions.Tests.EvidenceFiles;

namespace Governance.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EvidenceTests(AzuriteServer azurite) : IAsyncLifetime
{
    private TestApp _app = null!;
    private string _xinyuan = "";   // 兴胜街道办事处, 北疆示范社区创建 (BJ-*)
    private string _tianyuan = "";  // 罕台镇, 城乡社区服务能力提升 (FW-*)
    private string _xingsheng = "";

    public async Task InitializeAsync()
    {
        // The app runs on the real clock here on purpose: its download links are checked by
        // Azurite against the real clock, so expiry assertions compare with StorageClock.Now.
        // The data is the 2023 programme, whose periods are all past on any day the suite runs.
        _app = await TestApp.StartAsync(azurite);
        await _app.ImportSeed2023Async();
        var list = await _app.ItemsAsync("programmes/2023/assignments");
        _xinyuan = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "新园社区").GetProperty("id").GetString()!;
        _tianyuan = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "田园社区").GetProperty("id").GetString()!;
        _xingsheng = await _app.IssueUnitTokenAsync("兴胜街道办事处");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_unit_uploads_a_photo_and_the_link_downloads_the_same_bytes_under_its_chinese_name()
    {
        var photo = Jpeg(5000);
        var uploaded = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", "居民小组标牌", filesFirst: false, ("活动照片一.jpg", photo)), _xingsheng, expect: 201);

        var item = uploaded.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("活动照片一.jpg", item.GetProperty("fileName").GetString());
        Assert.Equal("BJ-3", item.GetProperty("requirement").GetString());
        Assert.Equal("2023-06", item.GetProperty("period").GetString());
        Assert.Equal(5000, item.GetProperty("size").GetInt64());
        Assert.Equal(Sha256(photo), item.GetProperty("sha256").GetString());
        Assert.Equal("image/jpeg", item.GetProperty("contentType").GetString());
        Assert.False(item.GetProperty("duplicate").GetBoolean());
        var id = item.GetProperty("id").GetString()!;
        Assert.StartsWith(_xinyuan + ".", id, StringComparison.Ordinal);

        var row = (await _app.Table(StorageNames.EvidenceTable).GetEntityAsync<TableEntity>(_xinyuan, id)).Value;
        Assert.Equal($"{_xinyuan}/{id}", row.GetString("BlobName"));
        Assert.Equal("居民小组标牌", row.GetString("Caption"));
        Assert.Equal("兴胜街道办事处", row.GetString("UploadedBy"));

        var link = await _app.JsonAsync(HttpMethod.Get, $"evidence/{id}/link", token: _xingsheng);
        var expiresAt = link.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - Governance.Testing.StorageClock.Now, TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(15.1));
        using var plain = new HttpClient();
        using var download = await plain.GetAsync(link.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(photo, bytes);
        Assert.Equal(Sha256(photo), Sha256(bytes));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("活动照片一.jpg", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);

        var audit = await AuditActionsAsync(_xinyuan);
        Assert.Contains("evidence.upload", audit);
        Assert.Contains("evidence.link", audit);
    }

    [Fact]
    public async Task Each_kind_is_told_by_its_content_and_fields_may_follow_the_files()
    {
        var staffUpload = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence",
            Form("FW-4", "2023-07", null, filesFirst: true,
                ("平面图.png", Png()), ("规划说明.pdf", Pdf()), ("会议纪要.docx", Docx()), ("面积台账.xlsx", Xlsx()), ("照片.dat", Jpeg())), expect: 201);

        var types = staffUpload.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("fileName").GetString()!, i => i.GetProperty("contentType").GetString());
        Assert.Equal("image/png", types["平面图.png"]);
        Assert.Equal("application/pdf", types["规划说明.pdf"]);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", types["会议纪要.docx"]);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", types["面积台账.xlsx"]);
        // The name takes the extension of what the bytes are.
        Assert.Equal("image/jpeg", types["照片.jpg"]);
        Assert.All(staffUpload.GetProperty("items").EnumerateArray(), i => Assert.Equal("FW-4", i.GetProperty("requirement").GetString()));
    }

    [Fact]
    public async Task The_same_bytes_for_the_same_requirement_answer_the_existing_item_and_keep_one_blob()
    {
        var photo = Jpeg(3000, seed: 7);
        var first = await UploadOneAsync(_xinyuan, "BJ-3", "2023-06", "标牌.jpg", photo, _xingsheng);
        var again = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-3", "2023-07", ("标牌（重传）.jpg", photo)), _xingsheng, expect: 201);

        var item = again.GetProperty("items")[0];
        Assert.True(item.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first, item.GetProperty("id").GetString());
        Assert.Equal("标牌.jpg", item.GetProperty("fileName").GetString());
        Assert.Single(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));

        var otherRequirement = await UploadOneAsync(_xinyuan, "BJ-6", "2023-06", "标牌.jpg", photo, _xingsheng);
        Assert.NotEqual(first, otherRequirement);
        Assert.Equal(2, await EvidenceRecordCountAsync(_app.Table(StorageNames.EvidenceTable)));
    }

    public static TheoryData<string, string, string, int, string> Refusals => new()
    {
        // requirement, period, file name, status, code
        { "BJ-3", "2023-06", "说明.jpg", 415, "unsupported_file_type" },
        { "BJ-3", "2023-06", "压缩包.zip", 415, "unsupported_file_type" },
        { "BJ-3", "2023-06", "空白.jpg", 400, "empty_file" },
        { "FW-1", "2023-06", "照片.jpg", 400, "invalid_evidence" },
        { "", "2023-06", "照片.jpg", 400, "invalid_evidence" },
        { "BJ-3", "2022-12", "照片.jpg", 400, "period_out_of_range" },
        { "BJ-3", "2023-6", "照片.jpg", 400, "invalid_period" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_upload_names_the_problem_in_chinese_and_writes_nothing(string requirement, string period, string fileName, int status, string code)
    {
        var bad = fileName switch
        {
            "说明.jpg" => Encoding.UTF8.GetBytes("这不是图片，只是文字。"),
            "压缩包.zip" => Zip("readme.txt", "data/a.csv"),
            "空白.jpg" => [],
            _ => Jpeg(),
        };
        // A good file beside the bad one is not kept either.
        using var response = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form(requirement, period, ("好照片.jpg", Jpeg(4096, seed: 9)), (fileName, bad)), _xingsheng);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (status == 415)
        {
            Assert.Contains(fileName, problem.GetProperty("detail").GetString());
            Assert.Contains("PDF", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.EvidenceTable)));
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
    }

    [Fact]
    public async Task A_file_over_the_limit_gets_413_and_a_body_over_the_server_limit_gets_413_too()
    {
        await using var small = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Evidence:MaxFileBytes"] = "1024" });
        await small.ImportSeed2023Async();

        using var tooLarge = await small.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-3", "2023-06", ("大照片.jpg", Jpeg(1025))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        var problem = JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("file_too_large", problem.GetProperty("code").GetString());
        Assert.Contains("大照片.jpg", problem.GetProperty("detail").GetString());

        // The body limit is the file limit plus 1 MB for the form's framing; a declared length above it is refused before reading.
        using var hugeBody = await small.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-3", "2023-06", ("巨大.jpg", Jpeg(1024 + 1024 * 1024 + 10))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeBody.StatusCode);
        Assert.Equal("application/problem+json", hugeBody.Content.Headers.ContentType?.MediaType);

        Assert.Equal(0, await RowCountAsync(small.Table(StorageNames.EvidenceTable)));
        Assert.Empty(await BlobNamesAsync(small.Container(StorageNames.EvidenceContainer)));
    }

    [Fact]
    public async Task Another_units_token_gets_403_on_every_evidence_route_and_unknown_assignments_get_404()
    {
        var hantai = await _app.IssueUnitTokenAsync("罕台镇");
        var id = await UploadOneAsync(_xinyuan, "BJ-3", "2023-06", "照片.jpg", Jpeg(), _xingsheng);

        using var upload = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", Form("BJ-3", "2023-06", ("照片2.jpg", Jpeg(seed: 5))), hantai);
        using var list = await _app.SendAsync(HttpMethod.Get, $"assignments/{_xinyuan}/evidence", token: hantai);
        using var link = await _app.SendAsync(HttpMethod.Get, $"evidence/{id}/link", token: hantai);
        using var bundle = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence/bundle", token: hantai);
        using var ownBundle = await _app.SendAsync(HttpMethod.Post, $"assignments/{_tianyuan}/evidence/bundle", token: hantai);
        Assert.All(new[] { upload, list, link, bundle, ownBundle }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("兴胜街道办事处", await upload.Content.ReadAsStringAsync());
        Assert.Equal(1, await EvidenceRecordCountAsync(_app.Table(StorageNames.EvidenceTable)));
        Assert.Single(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));

        const string unknown = "2023-ffffffff";
        using var u1 = await _app.SendAsync(HttpMethod.Post, $"assignments/{unknown}/evidence", Form("BJ-3", "2023-06", ("照片.jpg", Jpeg())));
        using var u2 = await _app.SendAsync(HttpMethod.Get, $"assignments/{unknown}/evidence");
        using var u3 = await _app.SendAsync(HttpMethod.Get, $"evidence/{unknown}.0123456789abcdef0123/link");
        using var u4 = await _app.SendAsync(HttpMethod.Post, $"assignments/{unknown}/evidence/bundle");
        using var u5 = await _app.SendAsync(HttpMethod.Get, $"evidence/{_xinyuan}.0123456789abcdef0123/link");
        Assert.All(new[] { u1, u2, u3, u4, u5 }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Contains("evidence_not_found", await u5.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_list_gives_each_file_a_working_link_and_a_tampered_link_gets_403()
    {
        var plan = Pdf(8000);
        await UploadOneAsync(_tianyuan, "FW-4", "2023-08", "空间规划.pdf", plan, TestApp.StaffToken);

        var list = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evidence");
        var item = list.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("空间规划.pdf", item.GetProperty("fileName").GetString());
        Assert.True(item.GetProperty("expiresAt").GetDateTimeOffset() <= Governance.Testing.StorageClock.Now.AddMinutes(15).AddSeconds(5));
        var url = item.GetProperty("url").GetString()!;

        using var plain = new HttpClient();
        Assert.Equal(plan, await plain.GetByteArrayAsync(url));

        var sig = System.Text.RegularExpressions.Regex.Match(url, "sig=([^&]+)").Groups[1].Value;
        var tampered = url.Replace("sig=" + sig, "sig=" + Uri.EscapeDataString(Convert.ToBase64String(new byte[32])), StringComparison.Ordinal);
        using var refused = await plain.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // A link grants reading one blob: writing through it is refused.
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var write = await plain.SendAsync(put);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("evidence.list", await AuditActionsAsync(_tianyuan));
    }

    [Fact]
    public async Task The_list_comes_a_page_at_a_time_each_item_with_a_link_and_a_made_up_continuation_gets_400()
    {
        var uploaded = new Dictionary<string, byte[]>();
        for (var i = 0; i < 3; i++)
        {
            var photo = Jpeg(3000, seed: 60 + i);
            uploaded[await UploadOneAsync(_xinyuan, "BJ-3", "2023-06", $"照片{i}.jpg", photo, _xingsheng)] = photo;
        }

        var first = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_xinyuan}/evidence?limit=2", token: _xingsheng);
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var continuation = first.GetProperty("continuation").GetString();
        Assert.False(string.IsNullOrEmpty(continuation));

        var rest = await _app.JsonAsync(HttpMethod.Get,
            $"assignments/{_xinyuan}/evidence?limit=2&continuation={Uri.EscapeDataString(continuation!)}", token: _xingsheng);
        Assert.Equal(1, rest.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("continuation").ValueKind);

        // Every file exactly once across the pages, each with a link that downloads it.
        var items = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(uploaded.Keys.Order(StringComparer.Ordinal), items.Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        using var plain = new HttpClient();
        foreach (var item in items)
        {
            Assert.True(item.GetProperty("expiresAt").GetDateTimeOffset() > Governance.Testing.StorageClock.Now);
            Assert.Equal(uploaded[item.GetProperty("id").GetString()!], await plain.GetByteArrayAsync(item.GetProperty("url").GetString()));
        }

        using var madeUp = await _app.SendAsync(HttpMethod.Get, $"assignments/{_xinyuan}/evidence?continuation=abc", token: _xingsheng);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        using var problem = JsonDocument.Parse(await madeUp.Content.ReadAsStringAsync());
        Assert.Equal("invalid_paging", problem.RootElement.GetProperty("code").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("continuation", out _));

        using var tooMany = await _app.SendAsync(HttpMethod.Get, $"assignments/{_xinyuan}/evidence?limit=1001", token: _xingsheng);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("\"limit\"", await tooMany.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_link_issued_more_than_15_minutes_ago_gets_403()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Governance.Testing.StorageClock.Now.AddMinutes(-16));
        await using var past = await TestApp.StartAsync(azurite, clock: clock);
        await past.ImportSeed2023Async();
        var id = await UploadOneAsync(past, _xinyuan, "BJ-3", "2023-06", "旧照片.jpg", Jpeg(), TestApp.StaffToken);

        var link = await past.JsonAsync(HttpMethod.Get, $"evidence/{id}/link");
        Assert.True(link.GetProperty("expiresAt").GetDateTimeOffset() < Governance.Testing.StorageClock.Now);
        using var plain = new HttpClient();
        using var expired = await plain.GetAsync(link.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task The_bundle_holds_a_folder_per_requirement_the_original_names_and_a_manifest_with_hashes()
    {
        var photo1 = Jpeg(3000, seed: 11);
        var photo2 = Jpeg(3100, seed: 12);
        var rules = Pdf(4000, seed: 13);
        await UploadOneAsync(_xinyuan, "BJ-3", "2023-06", "照片.jpg", photo1, _xingsheng);
        await UploadOneAsync(_xinyuan, "BJ-3", "2023-07", "照片.jpg", photo2, _xingsheng);
        await UploadOneAsync(_xinyuan, "BJ-1", "2023-06", "居民公约.pdf", rules, _xingsheng);

        // The bundle is named by its Beijing day under the real clock (links are checked by storage's own clock);
        // a run across Beijing midnight may see either day.
        var dayBefore = BundleDay();
        var bundle = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence/bundle");
        var dayAfter = BundleDay();
        using var plain = new HttpClient();
        using var download = await plain.GetAsync(bundle.GetProperty("url").GetString());
        var zipBytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(bundle.GetProperty("sha256").GetString(), Sha256(zipBytes));
        Assert.Contains(download.Content.Headers.ContentDisposition?.FileNameStar,
            new[] { $"新园社区证明材料-{dayBefore}.zip", $"新园社区证明材料-{dayAfter}.zip" });

        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var entries = zip.Entries.ToDictionary(e => e.FullName);
        Assert.Equal(
            new[] { "BJ-1 社区文化和社区精神/居民公约.pdf", "BJ-3 自治组织体系/照片 (2).jpg", "BJ-3 自治组织体系/照片.jpg", "manifest.csv" },
            entries.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(photo1, Read(entries["BJ-3 自治组织体系/照片.jpg"]));
        Assert.Equal(photo2, Read(entries["BJ-3 自治组织体系/照片 (2).jpg"]));
        Assert.Equal(rules, Read(entries["BJ-1 社区文化和社区精神/居民公约.pdf"]));

        var manifestBytes = Read(entries["manifest.csv"]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, manifestBytes[..3]);
        var lines = Encoding.UTF8.GetString(manifestBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal("文件名,创建要求,月份,说明,大小（字节）,SHA-256,上传者,上传时间", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        var second = lines.Single(l => l.StartsWith("BJ-3 自治组织体系/照片 (2).jpg,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(new[] { "BJ-3 自治组织体系", "2023-07", "", "3100", Sha256(photo2), "兴胜街道办事处" }, second[1..7]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", second[7]);
        Assert.Contains("evidence.bundle", await AuditActionsAsync(_xinyuan));
    }

    public static TheoryData<string, string> RefusedNames => new()
    {
        // sent name, why
        { "gpj.\u202Eevil.jpg", "U+202E" },
        { "照片\u0001.jpg", "U+0001" },
        { "照片\uFFFE.jpg", "U+FFFE" },
        { "\u2066照片.jpg", "U+2066" },
    };

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task A_file_name_the_text_policy_refuses_gets_400_naming_the_file_and_leaves_no_blob(string name, string why)
    {
        // Alone: the field is "file".
        using var alone = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", (name, Jpeg())), _xingsheng);
        var problem = await ProblemAsync(alone, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_file_name", problem.GetProperty("code").GetString());
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("file")[0].GetString());

        // Beside good files, named by its position; the good file staged before it is not kept.
        using var several = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", ("好照片.jpg", Jpeg(seed: 4)), (name, Jpeg(seed: 5)), ("另一张.jpg", Jpeg(seed: 6))), _xingsheng);
        problem = await ProblemAsync(several, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["file[1]"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("第2个文件", errors.GetProperty("file[1]")[0].GetString());

        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.EvidenceTable)));
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
    }

    [Fact]
    public async Task A_caption_the_text_policy_refuses_gets_400_naming_the_caption_and_leaves_no_blob()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", "居民\u202E小组标牌", filesFirst: false, ("照片.jpg", Jpeg())), _xingsheng);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("U+202E", problem.GetProperty("errors").GetProperty("caption")[0].GetString());
        Assert.Equal(0, await RowCountAsync(_app.Table(StorageNames.EvidenceTable)));
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
    }

    [Fact]
    public async Task Files_are_named_downloaded_and_bundled_with_the_extension_of_their_content_and_never_a_device_name()
    {
        var jpeg = Jpeg(seed: 31);
        var pdf = Pdf(seed: 32);
        var upper = Jpeg(seed: 33);
        var png = Png(seed: 34);
        var dots = Jpeg(seed: 35);
        var uploaded = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", ("evil.html", jpeg), ("run.cmd", pdf), ("photo.JPEG", upper), ("CON.png", png), ("...", dots)), _xingsheng, expect: 201);
        var names = uploaded.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fileName").GetString()!).ToArray();
        Assert.Equal("evil.jpg", names[0]);
        Assert.Equal("run.pdf", names[1]);
        Assert.Equal("photo.JPEG", names[2]);
        Assert.Matches("^证明材料-[0-9a-f]{8}\\.png$", names[3]);
        Assert.Matches("^证明材料-[0-9a-f]{8}\\.jpg$", names[4]);

        using var plain = new HttpClient();
        foreach (var item in uploaded.GetProperty("items").EnumerateArray())
        {
            var link = await _app.JsonAsync(HttpMethod.Get, $"evidence/{item.GetProperty("id").GetString()}/link", token: _xingsheng);
            using var download = await plain.GetAsync(link.GetProperty("url").GetString());
            var disposition = download.Content.Headers.ContentDisposition!;
            Assert.Equal(item.GetProperty("fileName").GetString(), disposition.FileNameStar);
            if (disposition.FileNameStar!.All(char.IsAscii))
            {
                Assert.Equal(disposition.FileNameStar, disposition.FileName?.Trim('"'));
            }
        }

        var entries = await BundleEntriesAsync(_xinyuan);
        Assert.Superset(new HashSet<string> { "BJ-3 自治组织体系/evil.jpg", "BJ-3 自治组织体系/run.pdf", "BJ-3 自治组织体系/photo.JPEG",
            $"BJ-3 自治组织体系/{names[3]}", $"BJ-3 自治组织体系/{names[4]}" }, entries.Keys.ToHashSet());
        Assert.Equal(jpeg, entries["BJ-3 自治组织体系/evil.jpg"]);
    }

    [Fact]
    public async Task A_file_sent_with_an_empty_name_is_stored_under_a_generated_name()
    {
        var photo = Jpeg(seed: 36);
        using var form = Form("BJ-3", "2023-06");
        var part = new ByteArrayContent(photo);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        // What a client sends for a file it has no name for: filename="" (HttpClient will not write it by itself).
        part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"\"" };
        form.Add(part);

        var uploaded = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence", form, _xingsheng, expect: 201);

        var item = uploaded.GetProperty("items").EnumerateArray().Single();
        Assert.Matches("^证明材料-[0-9a-f]{8}\\.jpg$", item.GetProperty("fileName").GetString());
        Assert.Equal(photo.Length, item.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Names_stored_before_the_naming_rule_are_cleaned_in_the_link_and_the_bundle()
    {
        // Rows as the previous version of the app stored them: raw names, written here directly.
        var table = _app.Table(StorageNames.EvidenceTable);
        var container = _app.Container(StorageNames.EvidenceContainer);
        await table.CreateIfNotExistsAsync();
        await container.CreateIfNotExistsAsync();
        var legacy = new (string Name, string ContentType, byte[] Bytes)[]
        {
            ("gpj.\u202Eexe", "image/jpeg", Jpeg(seed: 41)),
            ("..", "application/pdf", Pdf(seed: 42)),
            ("报\u0007告\u0000.html", "application/pdf", Pdf(seed: 43)),
            ("NUL", "image/png", Png(seed: 44)),
        };
        var ids = new List<string>();
        foreach (var (name, contentType, bytes) in legacy)
        {
            var id = Governance.Core.Evidence.EvidenceIds.New(_xinyuan);
            var blobName = Governance.Core.Evidence.EvidenceIds.BlobName(_xinyuan, id);
            await container.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes));
            await table.AddEntityAsync(new TableEntity(_xinyuan, id)
            {
                ["FileName"] = name, ["Requirement"] = "BJ-3", ["Period"] = "2023-06", ["Size"] = (long)bytes.Length, ["Sha256"] = Sha256(bytes),
                ["ContentType"] = contentType, ["BlobName"] = blobName, ["UploadedBy"] = "兴胜街道办事处", ["UploadedAt"] = new DateTimeOffset(2023, 6, 20, 9, 0, 0, TimeSpan.FromHours(8)),
            });
            ids.Add(id);
        }
        string Short(string id) => id[(id.IndexOf('.') + 1)..][..8];
        var expected = new[] { "gpj.jpg", $"证明材料-{Short(ids[1])}.pdf", "报告.pdf", $"证明材料-{Short(ids[3])}.png" };

        using var plain = new HttpClient();
        for (var i = 0; i < ids.Count; i++)
        {
            var link = await _app.JsonAsync(HttpMethod.Get, $"evidence/{ids[i]}/link", token: _xingsheng);
            using var download = await plain.GetAsync(link.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(expected[i], download.Content.Headers.ContentDisposition?.FileNameStar);
        }
        var list = await _app.JsonAsync(HttpMethod.Get, $"assignments/{_xinyuan}/evidence", token: _xingsheng);
        Assert.Equal(expected.Order(), list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("fileName").GetString()!).Order());

        var entries = await BundleEntriesAsync(_xinyuan);
        Assert.Equal(expected.Select(n => "BJ-3 自治组织体系/" + n).Append("manifest.csv").Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(legacy[2].Bytes, entries["BJ-3 自治组织体系/报告.pdf"]);
    }

    [Fact]
    public async Task The_bundle_manifest_writes_a_formula_caption_as_text()
    {
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", "@SUM(A1)", filesFirst: false, ("照片.jpg", Jpeg(seed: 51))), _xingsheng, expect: 201);
        await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence",
            Form("BJ-3", "2023-06", "=HYPERLINK(\"http://x\",\"y\")", filesFirst: false, ("照片2.jpg", Jpeg(seed: 52))), _xingsheng, expect: 201);

        var manifest = Encoding.UTF8.GetString((await BundleEntriesAsync(_xinyuan))["manifest.csv"]);
        Assert.Contains(",'@SUM(A1),", manifest);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", manifest);
        Assert.DoesNotContain(",@SUM", manifest);
        Assert.DoesNotContain(",=HYPERLINK", manifest);
        Assert.DoesNotContain(",\"=HYPERLINK", manifest);
    }

    [Fact]
    public async Task A_bundle_stores_photos_and_documents_as_they_are_and_deflates_its_manifest()
    {
        // A JPEG header over zeros: Deflate would shrink it to almost nothing, so a stored entry shows.
        var photo = new byte[300_000];
        photo[0] = 0xFF;
        photo[1] = 0xD8;
        photo[2] = 0xFF;
        photo[3] = 0xE0;
        await UploadOneAsync(_xinyuan, "BJ-3", "2023-06", "flat.jpg", photo, _xingsheng);

        var bundle = await _app.JsonAsync(HttpMethod.Post, $"assignments/{_xinyuan}/evidence/bundle");
        using var plain = new HttpClient();
        var bytes = await plain.GetByteArrayAsync(bundle.GetProperty("url").GetString());
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var stored = zip.Entries.Single(e => e.Name == "flat.jpg");
        Assert.Equal(photo.Length, stored.Length);
        Assert.Equal(photo.Length, stored.CompressedLength);
        Assert.Equal(photo, Read(stored));
        var methods = CompressionMethods(bytes);
        Assert.Equal(0, methods[stored.FullName]);   // stored
        Assert.Equal(8, methods["manifest.csv"]);     // deflated
    }

    // The compression method of each entry, from the zip's central directory (signature PK\x01\x02).
    private static Dictionary<string, int> CompressionMethods(byte[] zip)
    {
        var methods = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 46 <= zip.Length; i++)
        {
            if (BitConverter.ToUInt32(zip, i) != 0x02014b50)
            {
                continue;
            }
            var nameLength = BitConverter.ToUInt16(zip, i + 28);
            methods[Encoding.UTF8.GetString(zip, i + 46, nameLength)] = BitConverter.ToUInt16(zip, i + 10);
            i += 45 + nameLength;
        }
        return methods;
    }

    private async Task<Dictionary<string, byte[]>> BundleEntriesAsync(string assignmentId)
    {
        var bundle = await _app.JsonAsync(HttpMethod.Post, $"assignments/{assignmentId}/evidence/bundle");
        using var plain = new HttpClient();
        var zipBytes = await plain.GetByteArrayAsync(bundle.GetProperty("url").GetString());
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, Read);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expect)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expect, $"expected {expect}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<string> UploadOneAsync(string assignmentId, string requirement, string period, string name, byte[] bytes, string token) =>
        UploadOneAsync(_app, assignmentId, requirement, period, name, bytes, token);

    private static async Task<string> UploadOneAsync(TestApp app, string assignmentId, string requirement, string period, string name, byte[] bytes, string token)
    {
        var uploaded = await app.JsonAsync(HttpMethod.Post, $"assignments/{assignmentId}/evidence", Form(requirement, period, (name, bytes)), token, expect: 201);
        return uploaded.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    private async Task<List<string>> AuditActionsAsync(string assignmentId)
    {
        var actions = new List<string>();
        await foreach (var e in _app.Table(StorageNames.AuditTable).QueryAsync<TableEntity>($"PartitionKey eq '{assignmentId}'"))
        {
            actions.Add(e.GetString("Action"));
        }
        return actions;
    }

    // The day the bundle was named on, by the app's own clock (the real one here; see InitializeAsync).
    private string BundleDay() =>
        Governance.Core.Periods.BeijingTime.Today(_app.Services.GetRequiredService<TimeProvider>()).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
