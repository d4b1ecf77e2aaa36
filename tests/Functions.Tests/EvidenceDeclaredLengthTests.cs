using System.Text;
using Governance.Core.Assignments;
using Governance.Core.Evidence;
using Governance.Core.Problems;
using Governance.Core.Storage;
using Governance.Functions.Http;
using Microsoft.Extensions.DependencyInjection;
using static Governance.Functions.Tests.EvidenceFiles;

namespace Governance.Functions.Tests;

/// <summary>
/// A file part of a body with a Content-Length is sent to storage as one request of the length the
/// framing predicts for the body's last part. The prediction is only a guess: whatever follows the
/// file (a field, another file, an unusual closing line), the stored file is the sent file, byte for
/// byte, and a refused or broken upload still leaves nothing behind.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceDeclaredLengthTests(AzuriteServer azurite) : IAsyncLifetime
{
    private const string Boundary = "----declared-length-5b1e";

    // Over one 8 MB block, so the declared-length path is the one taken.
    private const int Size = 9 * 1024 * 1024 + 7;

    private TestApp _app = null!;
    private Assignment _xinyuan = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite);
        await _app.ImportSeed2023Async();
        _xinyuan = (await _app.Services.GetRequiredService<AssignmentStore>().ListAsync(2023, "兴胜街道办事处", default)).Single();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private EvidenceUploads Service => _app.Services.GetRequiredService<EvidenceUploads>();

    private IncomingFormReader Reader(byte[] body) => new(_app.Services.GetRequiredService<RequestForms>(), body);

    [Fact]
    public async Task The_last_file_part_of_a_body_with_a_content_length_knows_its_length_before_it_is_read()
    {
        var file = Jpeg(Size, seed: 5);
        var body = Body(preamble: "", Field("requirement", "BJ-3") + Field("period", "2023-06"), file, after: "", close: "--\r\n");

        var part = await Reader(body).Form().NextFileAsync(default);

        Assert.Equal(file.Length, part!.ExpectedLength);
    }

    [Theory]
    [InlineData("the file last", "", "", "--\r\n")]
    [InlineData("a preamble before the first part", "这是前言\r\n", "", "--\r\n")]
    [InlineData("a caption after the file", "", "caption", "--\r\n")]
    [InlineData("a second file after the first", "", "file", "--\r\n")]
    [InlineData("a closing line without its line break", "", "", "--")]
    [InlineData("an epilogue after the closing line", "", "", "--\r\n尾声")]
    public async Task Whatever_follows_the_file_the_stored_blob_is_the_sent_file(string _, string preamble, string after, string close)
    {
        var file = Jpeg(Size, seed: 6);
        var second = Pdf(3000, seed: 7);
        var trailing = after switch
        {
            "caption" => "\r\n" + Field("caption", "活动现场").TrimEnd('\r', '\n'),
            "file" => "",
            _ => "",
        };
        var body = after == "file"
            ? Body(preamble, Field("requirement", "BJ-3"), file, after: "", close: close, second: second)
            : Body(preamble, Field("requirement", "BJ-3"), file, trailing, close);

        var upload = await Service.ReceiveAsync(_xinyuan, Reader(body).Form(), default);

        var expected = after == "file" ? new[] { file, second } : new[] { file };
        Assert.Equal(expected.Length, upload.Files.Count);
        var container = _app.Container(StorageNames.EvidenceContainer);
        foreach (var (staged, sent) in upload.Files.Zip(expected))
        {
            Assert.Equal(sent.Length, staged.Size);
            Assert.Equal(Sha256(sent), staged.Sha256);
            var stored = (await container.GetBlobClient(staged.BlobName).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(sent.Length, stored.Length);
            Assert.Equal(Sha256(sent), Sha256(stored));
        }
        if (after == "caption")
        {
            Assert.Equal("活动现场", upload.Fields["caption"]);
        }
        Assert.Equal(expected.Length, (await BlobNamesAsync(container)).Count);
        await Service.DiscardAsync(upload);
        Assert.Empty(await BlobNamesAsync(container));
    }

    [Fact]
    public async Task A_file_of_a_kind_not_accepted_is_refused_and_nothing_is_stored()
    {
        var notAFile = new byte[Size];
        new Random(8).NextBytes(notAFile);
        notAFile[0] = (byte)'M';
        notAFile[1] = (byte)'Z';
        var body = Body("", Field("requirement", "BJ-3"), notAFile, after: "", close: "--\r\n");

        var refused = await Assert.ThrowsAsync<ProblemException>(() => Service.ReceiveAsync(_xinyuan, Reader(body).Form(), default));

        Assert.Equal(415, refused.Status);
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
    }

    [Fact]
    public async Task A_body_that_breaks_off_mid_file_is_refused_and_nothing_is_stored()
    {
        var body = Body("", Field("requirement", "BJ-3"), Jpeg(Size, seed: 9), after: "", close: "--\r\n");
        // The client goes away 5 MB into the file, having announced the whole body.
        var reader = new IncomingFormReader(_app.Services.GetRequiredService<RequestForms>(), body, breakAt: 5 * 1024 * 1024);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => Service.ReceiveAsync(_xinyuan, reader.Form(), default));

        Assert.Equal("upload_incomplete", refused.Code);
        Assert.Empty(await BlobNamesAsync(_app.Container(StorageNames.EvidenceContainer)));
    }

    private static string Field(string name, string value) =>
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n";

    /// <summary>A multipart body written out by hand: preamble, fields, the file, what follows it, the closing line.</summary>
    private static byte[] Body(string preamble, string fields, byte[] file, string after, string close, byte[]? second = null)
    {
        using var body = new MemoryStream();
        void Text(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        void File(string name, byte[] bytes)
        {
            Text($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.Write(bytes);
        }
        Text(preamble + fields);
        File("现场照片.jpg", file);
        Text(after);
        if (second is not null)
        {
            Text("\r\n");
            File("会议纪要.pdf", second);
        }
        Text($"\r\n--{Boundary}{close}");
        return body.ToArray();
    }

    /// <summary>A body as the web edge reads a request: not seekable, with its Content-Length, optionally cut off.</summary>
    private sealed class IncomingFormReader(RequestForms forms, byte[] body, long? breakAt = null)
    {
        public Governance.Core.Input.IncomingForm Form() =>
            forms.Read(new Network(body, breakAt ?? long.MaxValue), $"multipart/form-data; boundary={Boundary}", contentLength: body.Length);
    }

    private sealed class Network(byte[] body, long breakAt) : Governance.Testing.ForwardOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            if (Consumed >= breakAt)
            {
                throw new IOException("The client reset the connection.");
            }
            var n = (int)Math.Min(Math.Min(Math.Min(buffer.Length, 64 * 1024), body.Length - Consumed), breakAt - Consumed);
            body.AsSpan((int)Consumed, n).CopyTo(buffer);
            Consumed += n;
            return n;
        }
    }
}
