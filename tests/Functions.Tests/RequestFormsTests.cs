using System.Net.Http.Headers;
using Governance.Core.Evidence;
using Governance.Core.Input;
using Governance.Core.Problems;
using Governance.Functions.Http;
using Microsoft.Extensions.Options;

namespace Governance.Functions.Tests;

/// <summary>The web edge reads a multipart body into fields and streamed file parts, with its limits, before any service sees it.</summary>
public sealed class RequestFormsTests
{
    private static readonly RequestForms Forms = new(Options.Create(new EvidenceOptions()));

    [Fact]
    public async Task Fields_after_a_file_arrive_once_the_reader_passes_it_and_filename_star_wins()
    {
        using var content = new MultipartFormDataContent { { new StringContent("BJ-3"), "requirement" } };
        var file = new ByteArrayContent([1, 2, 3]);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"photo.jpg\"", FileNameStar = "活动照片.jpg" };
        content.Add(file);
        content.Add(new StringContent("居民议事"), "caption");
        var form = await ReadAsync(content);

        var part = await form.NextFileAsync(default);
        Assert.Equal(("file", "活动照片.jpg"), (part!.Name, part.FileName));
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(part.Content));
        Assert.Equal("BJ-3", form.Fields["requirement"]);
        Assert.False(form.Fields.ContainsKey("caption"));

        Assert.Null(await form.NextFileAsync(default));
        Assert.Equal("居民议事", form.Fields["caption"]);
    }

    [Fact]
    public async Task The_101st_file_is_400_too_many_files()
    {
        using var content = new MultipartFormDataContent();
        for (var i = 0; i <= RequestForms.MaxFilesPerUpload; i++)
        {
            content.Add(new ByteArrayContent([1]), "file", $"{i}.jpg");
        }
        var form = await ReadAsync(content);

        for (var i = 0; i < RequestForms.MaxFilesPerUpload; i++)
        {
            Assert.NotNull(await form.NextFileAsync(default));
        }
        var refused = await Assert.ThrowsAsync<ProblemException>(() => form.NextFileAsync(default).AsTask());
        Assert.Equal((400, "too_many_files"), (refused.Status, refused.Code));
    }

    [Fact]
    public async Task A_text_field_over_the_limit_is_400_field_too_long_naming_it()
    {
        using var content = new MultipartFormDataContent { { new StringContent(new string('议', RequestForms.MaxTextFieldChars + 1)), "caption" } };
        var form = await ReadAsync(content);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => form.NextFileAsync(default).AsTask());
        Assert.Equal("field_too_long", refused.Code);
        Assert.True(refused.Errors.ContainsKey("caption"));
    }

    [Fact]
    public async Task A_body_that_breaks_off_inside_a_file_reads_as_upload_incomplete_not_an_io_error()
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(new byte[100_000]), "file", "a.pdf");
        var whole = await content.ReadAsByteArrayAsync();
        var form = Forms.Read(new MemoryStream(whole[..50_000]), content.Headers.ContentType!.ToString());

        var part = await form.NextFileAsync(default);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => ReadAllAsync(part!.Content));
        Assert.Equal("upload_incomplete", refused.Code);
    }

    [Fact]
    public void Each_body_kind_is_named_for_the_service_which_words_its_own_415()
    {
        Assert.Equal(FormFormat.Json, Forms.Read(Stream.Null, "application/json; charset=utf-8").Format);
        Assert.Equal(FormFormat.UrlEncoded, Forms.Read(Stream.Null, "application/x-www-form-urlencoded").Format);
        Assert.Equal(FormFormat.Multipart, Forms.Read(Stream.Null, "multipart/form-data; boundary=x").Format);
        var other = Forms.Read(Stream.Null, "text/plain");
        Assert.Equal((FormFormat.Other, "text/plain"), (other.Format, other.ContentType));
    }

    private static async Task<IncomingForm> ReadAsync(MultipartFormDataContent content) =>
        Forms.Read(new MemoryStream(await content.ReadAsByteArrayAsync()), content.Headers.ContentType!.ToString());

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
