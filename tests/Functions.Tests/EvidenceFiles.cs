using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Governance.Functions.Tests;

/// <summary>Small real files of each accepted kind, and the multipart forms a town's page posts.</summary>
internal static class EvidenceFiles
{
    public static byte[] Jpeg(int size = 2048, int seed = 1) => WithMagic([0xFF, 0xD8, 0xFF, 0xE0], size, seed);

    public static byte[] Png(int size = 2048, int seed = 2) => WithMagic([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size, seed);

    public static byte[] Pdf(int size = 2048, int seed = 3) => WithMagic("%PDF-1.7\n"u8.ToArray(), size, seed);

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml");

    public static byte[] Xlsx() => Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml");

    public static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(Encoding.UTF8.GetBytes($"<x>{name}</x>"));
            }
        }
        return buffer.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static MultipartFormDataContent Form(string? requirement, string? period, params (string Name, byte[] Bytes)[] files) =>
        Form(requirement, period, null, filesFirst: false, files);

    public static MultipartFormDataContent Form(string? requirement, string? period, string? caption, bool filesFirst, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        void Fields()
        {
            if (requirement is not null) form.Add(new StringContent(requirement), "requirement");
            if (period is not null) form.Add(new StringContent(period), "period");
            if (caption is not null) form.Add(new StringContent(caption), "caption");
        }
        if (!filesFirst) Fields();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }
        if (filesFirst) Fields();
        return form;
    }

    public static async Task<int> RowCountAsync(TableClient table)
    {
        try
        {
            var n = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>()) n++;
            return n;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>Evidence records in the Evidence table: its rows less the claim rows (<c>~requirement|sha256</c>) stored beside them.</summary>
    public static async Task<int> EvidenceRecordCountAsync(TableClient table)
    {
        try
        {
            var n = 0;
            await foreach (var e in table.QueryAsync<TableEntity>(select: ["RowKey"])) n += e.RowKey.StartsWith('~') ? 0 : 1;
            return n;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    public static async Task<List<string>> BlobNamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }
        await foreach (var b in container.GetBlobsAsync())
        {
            names.Add(b.Name);
        }
        return names;
    }

    private static byte[] WithMagic(byte[] magic, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        magic.CopyTo(bytes, 0);
        return bytes;
    }
}
