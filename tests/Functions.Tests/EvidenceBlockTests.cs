using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Governance.Core.Storage;

namespace Governance.Functions.Tests;

/// <summary>
/// An upload is cut into 8 MB blocks (a file up to one block goes in one request): whatever its
/// size against that boundary, the stored file is the sent file, byte for byte.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceBlockTests(AzuriteServer azurite)
{
    private const int Block = 8 * 1024 * 1024;

    [Fact]
    public async Task Files_just_under_at_and_over_the_block_size_are_stored_whole_with_their_hash()
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Evidence:MaxFileBytes"] = (40L * 1024 * 1024).ToString(CultureInfo.InvariantCulture) });
        await app.ImportSeed2023Async();
        var list = await app.ItemsAsync("programmes/2023/assignments");
        var id = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "新园社区").GetProperty("id").GetString();

        foreach (var size in new[] { Block - 1, Block, Block + 1, 2 * Block, 2 * Block + 5 })
        {
            var bytes = new byte[size];
            new Random(size).NextBytes(bytes);
            bytes[0] = 0xFF;
            bytes[1] = 0xD8;
            bytes[2] = 0xFF;
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            using var form = new MultipartFormDataContent
            {
                { new StringContent("BJ-3"), "requirement" },
                { new StringContent("2023-06"), "period" },
            };
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "file", $"照片{size}.jpg");

            var uploaded = await app.JsonAsync(HttpMethod.Post, $"assignments/{id}/evidence", form, expect: 201);

            var item = uploaded.GetProperty("items")[0];
            Assert.Equal(size, item.GetProperty("size").GetInt64());
            Assert.Equal(sha, item.GetProperty("sha256").GetString());
            var blob = app.Container(StorageNames.EvidenceContainer).GetBlobClient($"{id}/{item.GetProperty("id").GetString()}");
            var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(size, stored.Length);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(stored)));
        }
    }
}
