using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Governance.Core;
using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Evidence;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Rules;
using Governance.Functions.Http;
using Governance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Benchmarks;

/// <summary>
/// The two transfers of evidence (证明材料), each against a raw-SDK floor in the same run on a fresh
/// in-memory Azurite: an upload through the app's path (a multipart body with its Content-Length read by
/// <see cref="RequestForms"/>, staged by <see cref="EvidenceUploads.ReceiveAsync"/>: hashed, sniffed,
/// size-checked) against <c>BlobClient.UploadAsync</c> with the SDK's defaults from memory; and a bundle
/// (<see cref="EvidenceBundles.CreateAsync"/>) against opening each blob for reading and copying it
/// into one upload stream. Runs alternate job and floor after one warm-up of each; medians are printed.
/// </summary>
public static class TransferBenchmarks
{
    public sealed record Options(int UploadMb, int Runs, int BundleFiles, IReadOnlyList<int> BundleMb, bool Sweep)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var o = new Options(60, 5, 20, [100, 500], false);
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                if (name == "--sweep")
                {
                    o = o with { Sweep = true };
                    continue;
                }
                var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
                o = name switch
                {
                    "--upload-mb" => o with { UploadMb = NonNegative(name, value) },
                    "--runs" => o with { Runs = Math.Max(1, NonNegative(name, value)) },
                    "--bundle-files" => o with { BundleFiles = Math.Max(1, NonNegative(name, value)) },
                    "--bundle-mb" => o with { BundleMb = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => NonNegative(name, v)).Where(v => v > 0).ToList() },
                    _ => throw new ArgumentException($"Unknown option {name}."),
                };
            }
            return o;
        }

        private static int NonNegative(string name, string value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} wants a whole number, got {value}.");
    }

    public const string Usage = """
        Usage: dotnet run -c Release --project tests/Benchmarks -- transfer [options]

        Evidence upload and evidence bundle against their raw-SDK floors, side by side on a fresh
        in-memory Azurite; medians of job and floor, their ratio, and the peak managed-heap growth.

          --upload-mb N        size of the uploaded file (default 60; 0 skips the upload)
          --bundle-files N     files in a bundle (default 20)
          --bundle-mb a,b,...  total sizes of the bundles (default 100,500; empty skips the bundle)
          --runs N             runs of job and floor each, alternating, after a warm-up (default 5)
          --sweep              also time raw-SDK uploads of the multipart file part with other
                               block sizes, concurrencies and read sizes (how the settings were chosen)
        """;

    /// <summary>One timed run: wall time, peak managed growth, and the CPU time this process and Azurite spent on it.</summary>
    private sealed record Sample(TimeSpan Wall, long PeakManaged, TimeSpan AppCpu, TimeSpan AzuriteCpu);

    /// <summary>The Azurite process whose CPU time each run reports beside the app's (it is a single-threaded node process).</summary>
    private static System.Diagnostics.Process? s_azurite;

    private sealed record Row(string Job, string Size, Sample[] Job_, Sample[] Floor, long Bytes)
    {
        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public static async Task RunAsync(Options options, CancellationToken ct)
    {
        Console.WriteLine($"Evidence transfers: upload {options.UploadMb} MB, bundles of {options.BundleFiles} files / {string.Join(", ", options.BundleMb)} MB, 1 warm-up + {options.Runs} runs each");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {MemoryGb():0.#} GB memory, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {Configuration()} build");
        await using var azurite = await AzuriteProcess.StartAsync();
        s_azurite = System.Diagnostics.Process.GetProcessById(azurite.ProcessId);
        var maxFile = Math.Max(options.UploadMb, 1) * 1024L * 1024 + 1024 * 1024;
        await using var services = Build(azurite.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..10], maxFile);
        var rows = new List<Row>();
        var assignment = await SeedAssignmentAsync(services, ct);
        if (options.UploadMb > 0)
        {
            rows.Add(await UploadAsync(services, assignment, options, maxFile, ct));
        }
        foreach (var mb in options.BundleMb)
        {
            rows.Add(await BundleAsync(services, assignment, options.BundleFiles, mb, options.Runs, ct));
        }
        Print(rows);
        if (options.Sweep && options.UploadMb > 0)
        {
            await SweepAsync(services, options, maxFile, ct);
        }
    }

    // ---- upload ----

    private static async Task<Row> UploadAsync(ServiceProvider services, Assignment assignment, Options options, long maxFile, CancellationToken ct)
    {
        var uploads = services.GetRequiredService<EvidenceUploads>();
        var forms = new RequestForms(Microsoft.Extensions.Options.Options.Create(new EvidenceOptions { MaxFileBytes = maxFile }));
        var container = await services.GetRequiredService<EvidenceStore>().FilesAsync(ct);
        var file = JpegLike(options.UploadMb * 1024L * 1024, seed: 1);
        var expected = Convert.ToHexStringLower(SHA256.HashData(file));
        var (body, contentType) = MultipartBody(file);

        async Task Job()
        {
            // As the web edge reads a request: the body and its Content-Length (browsers and HttpClient send one for a form).
            var form = forms.Read(new NetworkLikeStream(body), contentType, contentLength: body.Length);
            var received = await uploads.ReceiveAsync(assignment, form, ct);
            var staged = received.Files.Single();
            if (staged.Size != file.Length || staged.Sha256 != expected || staged.Kind != EvidenceFileKind.Jpeg)
            {
                throw new InvalidOperationException($"The upload measured {staged.Size} bytes, {staged.Sha256}, {staged.Kind}.");
            }
            await uploads.DiscardAsync(received);
        }

        async Task Floor()
        {
            var blob = container.GetBlobClient("floor/" + Guid.NewGuid().ToString("N"));
            await blob.UploadAsync(new MemoryStream(file, writable: false), ct);
            await blob.DeleteAsync(cancellationToken: ct);
        }

        var (job, floor) = await AlternateAsync(Job, Floor, options.Runs);
        return new Row("evidence upload", $"{options.UploadMb} MB", job, floor, file.Length);
    }

    /// <summary>
    /// The time of the raw SDK uploading the multipart file part itself (a non-seekable stream as the
    /// app gets it) with the settings in question, with and without the app's measuring pass.
    /// </summary>
    private static async Task SweepAsync(ServiceProvider services, Options options, long maxFile, CancellationToken ct)
    {
        var container = await services.GetRequiredService<EvidenceStore>().FilesAsync(ct);
        var forms = new RequestForms(Microsoft.Extensions.Options.Options.Create(new EvidenceOptions { MaxFileBytes = maxFile }));
        var file = JpegLike(options.UploadMb * 1024L * 1024, seed: 2);
        var (body, contentType) = MultipartBody(file);
        const int MB = 1024 * 1024;
        Console.WriteLine();
        Console.WriteLine("Where the time goes: reading the multipart file part to its end into a 4 MB buffer, no storage (median ms, MB/s)");
        Console.WriteLine("| reader | hashed | ms | MB/s |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (label, bufferSize, hash) in new (string, int?, bool)[]
        {
            ("RequestForms", null, false), ("RequestForms", null, true),
            ("MultipartReader, 4 KB buffer", 4 * 1024, false), ("MultipartReader, 64 KB buffer", 64 * 1024, false),
            ("MultipartReader, 64 KB buffer", 64 * 1024, true), ("MultipartReader, 1 MB buffer", 1024 * 1024, false),
        })
        {
            var buffer = new byte[4 * MB];
            async Task Drain()
            {
                Stream part;
                if (bufferSize is { } size)
                {
                    var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader("----transfer-benchmark-7d3f", new NetworkLikeStream(body), size);
                    Microsoft.AspNetCore.WebUtilities.MultipartSection? section;
                    do
                    {
                        section = await reader.ReadNextSectionAsync(ct);
                    }
                    while (section is not null && section.ContentDisposition?.Contains("filename", StringComparison.Ordinal) != true);
                    part = section!.Body;
                }
                else
                {
                    part = (await forms.Read(new NetworkLikeStream(body), contentType).NextFileAsync(ct))!.Content;
                }
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var source = hash ? new HashingRead(part, sha) : part;
                long total = 0;
                while (true)
                {
                    var n = await source.ReadAsync(buffer.AsMemory(), ct);
                    if (n == 0)
                    {
                        break;
                    }
                    total += n;
                }
                if (total != file.Length)
                {
                    throw new InvalidOperationException($"read {total}");
                }
            }
            var (samples, _) = await AlternateAsync(Drain, () => Task.CompletedTask, options.Runs);
            var ms = Row.Median(samples.Select(s => s.Wall.TotalMilliseconds));
            Console.WriteLine($"| {label} | {(hash ? "SHA-256" : "no")} | {ms:0} | {file.Length / 1048576.0 / (ms / 1000):0} |");
        }
        Console.WriteLine();
        Console.WriteLine("Sweep: raw BlockBlobClient.UploadAsync of the multipart file part (median ms, MB/s, peak managed growth)");
        Console.WriteLine("| source | block | in flight | initial | hashed | transfer checksum | ms | MB/s | managed peak |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var settings = new List<(bool Part, int Block, int Concurrency, int Initial, bool Hash, StorageChecksumAlgorithm? Checksum)>
        {
            (false, 0, 0, 0, false, null), (false, 4 * MB, 2, 4 * MB, false, null), (false, 4 * MB, 2, 4 * MB, false, StorageChecksumAlgorithm.MD5),
            (true, 4 * MB, 2, 4 * MB, true, null),
            (true, 4 * MB, 2, 4 * MB, true, StorageChecksumAlgorithm.MD5), (true, 4 * MB, 4, 4 * MB, true, StorageChecksumAlgorithm.MD5),
            (true, 8 * MB, 1, 8 * MB, true, StorageChecksumAlgorithm.MD5), (true, 8 * MB, 2, 8 * MB, true, StorageChecksumAlgorithm.MD5),
            (true, 16 * MB, 1, 16 * MB, true, StorageChecksumAlgorithm.MD5), (true, 16 * MB, 2, 16 * MB, true, StorageChecksumAlgorithm.MD5),
        };
        foreach (var (fromPart, block, concurrency, initial, hash, checksum) in settings)
        {
            var transfer = block == 0 ? default : new StorageTransferOptions { InitialTransferSize = initial, MaximumTransferSize = block, MaximumConcurrency = concurrency };
            var validation = checksum is { } algorithm ? new UploadTransferValidationOptions { ChecksumAlgorithm = algorithm } : null;
            async Task Run()
            {
                Stream content;
                if (fromPart)
                {
                    var form = forms.Read(new NetworkLikeStream(body), contentType);
                    content = (await form.NextFileAsync(ct) ?? throw new InvalidOperationException("no file part")).Content;
                }
                else
                {
                    content = new MemoryStream(file, writable: false);
                }
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                Stream source = hash ? new HashingRead(content, sha) : content;
                var blob = container.GetBlockBlobClient("sweep/" + Guid.NewGuid().ToString("N"));
                await blob.UploadAsync(source, new BlobUploadOptions { TransferOptions = transfer, TransferValidation = validation }, ct);
                await blob.DeleteAsync(cancellationToken: ct);
            }
            var (samples, _) = await AlternateAsync(Run, () => Task.CompletedTask, options.Runs);
            var ms = Row.Median(samples.Select(s => s.Wall.TotalMilliseconds));
            Console.WriteLine($"| {(fromPart ? "file part" : "byte[] (seekable)")} | {(block == 0 ? "SDK defaults" : $"{block / MB} MB")} | {concurrency} | {initial / MB} MB | {(hash ? "SHA-256" : "no")} | {checksum?.ToString() ?? "default"} | {ms:0} | {file.Length / 1048576.0 / (ms / 1000):0} | {Row.Median(samples.Select(s => (double)s.PeakManaged)) / MB:0.0} MB |");
        }
    }

    // ---- bundle ----

    private static async Task<Row> BundleAsync(ServiceProvider services, Assignment assignment, int fileCount, int totalMb, int runs, CancellationToken ct)
    {
        var store = services.GetRequiredService<EvidenceStore>();
        var bundles = services.GetRequiredService<EvidenceBundles>();
        var files = await store.FilesAsync(ct);
        var bundleContainer = await store.BundlesAsync(ct);
        var records = await SeedEvidenceAsync(services, assignment, files, fileCount, totalMb * 1024L * 1024, ct);
        var staff = new Caller("benchmark", Role.Staff, null, "benchmark");
        long bytes = records.Sum(r => r.Size);

        async Task Job()
        {
            await bundles.CreateAsync(staff, assignment.Id, ct);
            await foreach (var b in bundleContainer.GetBlobsAsync(BlobTraits.None, BlobStates.None, assignment.Id + "/", ct))
            {
                await bundleContainer.DeleteBlobAsync(b.Name, cancellationToken: ct);
            }
        }

        async Task Floor()
        {
            var target = bundleContainer.GetBlobClient("floor/" + Guid.NewGuid().ToString("N"));
            await using (var output = await target.OpenWriteAsync(overwrite: true, cancellationToken: ct))
            {
                foreach (var r in records)
                {
                    await using var input = await files.GetBlobClient(r.BlobName).OpenReadAsync(cancellationToken: ct);
                    await input.CopyToAsync(output, ct);
                }
            }
            await target.DeleteAsync(cancellationToken: ct);
        }

        var (job, floor) = await AlternateAsync(Job, Floor, runs);
        foreach (var r in records)
        {
            await files.DeleteBlobIfExistsAsync(r.BlobName, cancellationToken: ct);
        }
        await DeleteRecordsAsync(services, records, ct);
        return new Row("evidence bundle", $"{fileCount} files / {totalMb} MB", job, floor, bytes);
    }

    /// <summary>Evidence as uploads leave it, half JPEG and half PDF (incompressible bodies, the kinds bundles store as they are).</summary>
    private static async Task<IReadOnlyList<EvidenceRecord>> SeedEvidenceAsync(
        ServiceProvider services, Assignment assignment, BlobContainerClient files, int count, long total, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var requirement = RequirementCatalogue.For(assignment.TaskType).First().Id;
        var records = new List<EvidenceRecord>();
        var size = total / count;
        for (var i = 0; i < count; i++)
        {
            var pdf = i % 2 == 1;
            var bytes = pdf ? PdfLike(size, seed: 100 + i) : JpegLike(size, seed: 100 + i);
            var id = EvidenceIds.New(assignment.Id);
            var blobName = EvidenceIds.BlobName(assignment.Id, id);
            await files.GetBlobClient(blobName).UploadAsync(new MemoryStream(bytes, writable: false), ct);
            var kind = pdf ? EvidenceFileKind.Pdf : EvidenceFileKind.Jpeg;
            records.Add(new EvidenceRecord(id, assignment.Id, $"材料{i + 1}{(pdf ? ".pdf" : ".jpg")}", requirement, "2026-03", null,
                bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), kind.ContentType(), blobName, "benchmark", clock.GetUtcNow()));
        }
        await services.GetRequiredService<EvidenceStore>().AddAsync(records, ct);
        return records;
    }

    private static async Task DeleteRecordsAsync(ServiceProvider services, IReadOnlyList<EvidenceRecord> records, CancellationToken ct)
    {
        var tables = services.GetRequiredService<Azure.Data.Tables.TableServiceClient>();
        var storage = services.GetRequiredService<Governance.Core.Storage.GovernanceStorage>();
        var table = await storage.TableAsync(Governance.Core.Storage.StorageNames.EvidenceTable, ct);
        foreach (var r in records)
        {
            await table.DeleteEntityAsync(r.AssignmentId, r.Id, cancellationToken: ct);
        }
        _ = tables;
    }

    // ---- shared ----

    /// <summary>One warm-up of each, then job and floor alternately, so drift on a shared machine lands on both.</summary>
    private static async Task<(Sample[] Job, Sample[] Floor)> AlternateAsync(Func<Task> job, Func<Task> floor, int runs)
    {
        await job();
        await floor();
        var a = new List<Sample>();
        var b = new List<Sample>();
        for (var i = 0; i < runs; i++)
        {
            a.Add(await MeasureAsync(job));
            b.Add(await MeasureAsync(floor));
        }
        return (a.ToArray(), b.ToArray());
    }

    private static async Task<Sample> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var peak = baseline;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(2));
            try
            {
                do
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                }
                while (await timer.WaitForNextTickAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
            return Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        });
        var self = System.Diagnostics.Process.GetCurrentProcess();
        var appCpu = self.TotalProcessorTime;
        s_azurite?.Refresh();
        var azuriteCpu = s_azurite?.TotalProcessorTime ?? TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        await work();
        watch.Stop();
        self.Refresh();
        s_azurite?.Refresh();
        var cpu = (self.TotalProcessorTime - appCpu, (s_azurite?.TotalProcessorTime ?? TimeSpan.Zero) - azuriteCpu);
        await stop.CancelAsync();
        return new Sample(watch.Elapsed, await sampler - baseline, cpu.Item1, cpu.Item2);
    }

    private static void Print(IReadOnlyList<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| job | size | job median | floor median | ratio | job managed peak | floor managed peak | CPU s, job: app + Azurite | CPU s, floor: app + Azurite |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var job = Row.Median(r.Job_.Select(s => s.Wall.TotalSeconds));
            var floor = Row.Median(r.Floor.Select(s => s.Wall.TotalSeconds));
            var mb = r.Bytes / 1048576.0;
            var jobPeak = Row.Median(r.Job_.Select(s => (double)s.PeakManaged)) / 1048576;
            var floorPeak = Row.Median(r.Floor.Select(s => (double)s.PeakManaged)) / 1048576;
            // An upload is a rate (higher is better, goal ≥ 0.8 of the floor); a bundle a time (goal ≤ 1.1×).
            var ratio = r.Job.Contains("upload", StringComparison.Ordinal)
                ? $"{floor / job:0.00} of the floor's rate"
                : $"{job / floor:0.00}×";
            static string Cpu(Sample[] samples) =>
                $"{Row.Median(samples.Select(s => s.AppCpu.TotalSeconds)):0.00} + {Row.Median(samples.Select(s => s.AzuriteCpu.TotalSeconds)):0.00}";
            Console.WriteLine($"| {r.Job} | {r.Size} | {job:0.000} s ({mb / job:0} MB/s) | {floor:0.000} s ({mb / floor:0} MB/s) | {ratio} | +{jobPeak:0.0} MB | +{floorPeak:0.0} MB | {Cpu(r.Job_)} | {Cpu(r.Floor)} |");
        }
        Console.WriteLine();
        Console.WriteLine("Runs (s): " + string.Join("; ", rows.Select(r =>
            $"{r.Job} {r.Size}: job {string.Join(" ", r.Job_.Select(s => s.Wall.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))}, floor {string.Join(" ", r.Floor.Select(s => s.Wall.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))}")));
    }

    private static async Task<Assignment> SeedAssignmentAsync(ServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<AssignmentStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        const int year = 2026;
        var a = new Assignment(Assignment.IdFor(year, "罕台镇", "幸福社区", TaskType.ServiceCapacity), year, "1", "罕台镇", "幸福社区",
            CommunityKind.Urban, TaskType.ServiceCapacity, 200000m, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var claim = await store.ClaimAsync(await store.StateAsync(year, ct), ct);
        await store.StageAsync(claim, [(a, clock.GetUtcNow())], ct);
        await store.PublishAsync(claim, "benchmark", ct);
        return await store.GetAsync(a.Id, ct);
    }

    private static ServiceProvider Build(string connectionString, string prefix, long maxFileBytes)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Evidence:MaxFileBytes"] = maxFileBytes.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Azure.Data.Tables.TableServiceClient(connectionString));
        services.AddSingleton(new BlobServiceClient(connectionString, new BlobClientOptions(GovernanceServices.BlobServiceVersion)));
        services.AddGovernance(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static byte[] JpegLike(long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }

    private static byte[] PdfLike(long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static (byte[] Body, string ContentType) MultipartBody(byte[] file)
    {
        const string boundary = "----transfer-benchmark-7d3f";
        var head = Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"requirement\"\r\n\r\nBJ-3\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"period\"\r\n\r\n2026-03\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"全景照片.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var body = new byte[head.Length + file.Length + tail.Length];
        head.CopyTo(body, 0);
        file.CopyTo(body, head.Length);
        tail.CopyTo(body, head.Length + file.Length);
        return (body, $"multipart/form-data; boundary={boundary}");
    }

    private static double MemoryGb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1048576.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0;
        }
    }

    private static string Configuration() =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>
    /// A request body as the web server hands it over: not seekable, of unknown length, each read
    /// answering at most what one socket read would (64 KB).
    /// </summary>
    private sealed class NetworkLikeStream(byte[] body) : Governance.Testing.ForwardOnlyStream
    {
        private const int MaxRead = 64 * 1024;

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(Math.Min(buffer.Length, MaxRead), body.Length - Consumed);
            body.AsSpan((int)Consumed, n).CopyTo(buffer);
            Consumed += n;
            return n;
        }

    }

    /// <summary>The sweep's stand-in for the app's measuring pass: SHA-256 over every byte read.</summary>
    private sealed class HashingRead(Stream inner, IncrementalHash hash) : Governance.Testing.ForwardOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            hash.AppendData(buffer[..n]);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..n]);
            return n;
        }

    }
}
