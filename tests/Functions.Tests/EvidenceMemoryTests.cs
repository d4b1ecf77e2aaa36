using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Governance.Core.Storage;
using Xunit.Abstractions;

namespace Governance.Functions.Tests;

/// <summary>
/// A 60 MB upload through the runner in this same process: the process's memory must not grow by
/// anything near the file's size, because each part is streamed to Blob storage as it arrives.
/// docs/benchmarks.md records the figures this prints.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceMemoryTests(AzuriteServer azurite, ITestOutputHelper output)
{
    private const long FileSize = 60L * 1024 * 1024;
    private const long AllowedGrowth = 25L * 1024 * 1024;

    // Without a Content-Length (a chunked body) the file goes in 8 MB blocks; with one, the file part
    // knows its length and goes as one streamed request: both must stay far below the file's size.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_60_MB_file_is_stored_whole_while_memory_grows_by_far_less_than_its_size(bool withContentLength)
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Evidence:MaxFileBytes"] = (100L * 1024 * 1024).ToString(CultureInfo.InvariantCulture) });
        await app.ImportSeed2023Async();
        var list = await app.ItemsAsync("programmes/2023/assignments");
        var id = list.EnumerateArray().Single(a => a.GetProperty("community").GetString() == "新园社区").GetProperty("id").GetString();
        // Warm up: JIT, connection pools and the containers exist before the baseline is taken.
        await app.JsonAsync(HttpMethod.Post, $"assignments/{id}/evidence", EvidenceFiles.Form("BJ-3", "2023-06", ("预热.jpg", EvidenceFiles.Jpeg())), expect: 201);

        using var source = new GeneratedJpegStream(FileSize);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("BJ-3"), "requirement" },
            { new StringContent("2023-06"), "period" },
        };
        var part = new StreamContent(source, 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        if (withContentLength)
        {
            // Every part's length known: HttpClient then sends the body's Content-Length, as a browser does.
            part.Headers.ContentLength = FileSize;
        }
        form.Add(part, "file", "全景照片.jpg");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baselineManaged = GC.GetTotalMemory(forceFullCollection: true);
        var baselineWorkingSet = Environment.WorkingSet;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() => SampleAsync(stop.Token));

        var uploaded = await app.JsonAsync(HttpMethod.Post, $"assignments/{id}/evidence", form, expect: 201);

        await stop.CancelAsync();
        var (peakManaged, peakWorkingSet, samples) = await sampler;
        var managedGrowth = peakManaged - baselineManaged;
        var workingSetGrowth = peakWorkingSet - baselineWorkingSet;
        output.WriteLine($"file {FileSize / 1048576} MB, {(withContentLength ? "with" : "without")} Content-Length; samples {samples}; managed heap peak growth {managedGrowth / 1048576.0:F1} MB; working set peak growth {workingSetGrowth / 1048576.0:F1} MB");

        var item = uploaded.GetProperty("items")[0];
        Assert.Equal(FileSize, item.GetProperty("size").GetInt64());
        Assert.Equal(source.Sha256Hex, item.GetProperty("sha256").GetString());
        Assert.True(samples > 0);
        Assert.True(managedGrowth < AllowedGrowth, $"managed heap grew by {managedGrowth / 1048576.0:F1} MB during a 60 MB upload");
        Assert.True(workingSetGrowth < FileSize / 2, $"working set grew by {workingSetGrowth / 1048576.0:F1} MB during a 60 MB upload");

        var blob = app.Container(StorageNames.EvidenceContainer).GetBlobClient($"{id}/{item.GetProperty("id").GetString()}");
        Assert.Equal(FileSize, (await blob.GetPropertiesAsync()).Value.ContentLength);
        await using var stored = await blob.OpenReadAsync();
        Assert.Equal(source.Sha256Hex, Convert.ToHexStringLower(await SHA256.HashDataAsync(stored)));
    }

    private static async Task<(long Managed, long WorkingSet, int Samples)> SampleAsync(CancellationToken ct)
    {
        long managed = 0, workingSet = 0;
        var samples = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(2));
        do
        {
            managed = Math.Max(managed, GC.GetTotalMemory(forceFullCollection: false));
            workingSet = Math.Max(workingSet, Environment.WorkingSet);
            samples++;
        }
        while (await Tick(timer, ct));
        return (managed, workingSet, samples);
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A JPEG-headed file of any length made up as it is read, hashing what it hands out; never an array of its size.</summary>
    private sealed class GeneratedJpegStream(long length) : Governance.Testing.ForwardOnlyStream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly Random _random = new(60);
        private string? _sha;

        public string Sha256Hex => _sha ?? throw new InvalidOperationException("The stream has not been read to its end.");

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - Consumed);
            if (n == 0)
            {
                _sha ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
                return 0;
            }
            var chunk = buffer[..n];
            _random.NextBytes(chunk);
            if (Consumed == 0)
            {
                ReadOnlySpan<byte> magic = [0xFF, 0xD8, 0xFF, 0xE0];
                magic[..Math.Min(4, n)].CopyTo(chunk);
            }
            _hash.AppendData(chunk);
            Consumed += n;
            return n;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
