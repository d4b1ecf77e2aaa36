using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Governance.Core.Storage;
using Governance.Functions.Tests.BadInput;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Governance.Functions.Tests;

/// <summary>
/// The bad-input corpus (恶意输入样本): several hundred hostile or careless requests across every
/// route, sent to a running programme. Each must be answered 4xx application/problem+json with a
/// stable code and a Chinese title (never 5xx, never an empty body), and none may change a single
/// entity or blob. One test runs the whole corpus so the failure lists every case that misbehaved.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadInputCorpusTests(AzuriteServer azurite, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>An answer to an error this size or larger grows with the hostile input.</summary>
    private const int MaxProblemBytes = 64 * 1024;

    // 2026-11-10 in Beijing: October has ended and its report is in; the 2026 deadline is ahead.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private string _tianyuan = "";

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(azurite, clock: _clock);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_bad_request_is_refused_with_a_chinese_problem_and_changes_nothing()
    {
        var programme = await SetUpProgrammeAsync();
        var corpus = new BadInputCorpus(programme).Build();
        Assert.True(corpus.Count >= 300, $"the corpus has {corpus.Count} requests");

        await EnsureEveryStoreExistsAsync();
        var before = await SnapshotAsync();
        var previous = before;
        var results = new List<CorpusResult>(corpus.Count);
        foreach (var c in corpus)
        {
            var answer = await SendAsync(c);
            var now = await SnapshotAsync();
            results.Add(answer with { Wrote = now.ChangesSince(previous).Select(Compact).ToList() });
            previous = now;
        }
        var after = await SnapshotAsync();
        var changed = after.ChangesSince(before);

        foreach (var r in results)
        {
            output.WriteLine($"{r.StatusText,-9} {(r.Misbehaviour.Count == 0 ? "ok  " : "FAIL")} [{r.Case.Group}] {r.Case.Name} → {Cell(ProblemGist(r.Body))}");
        }
        var summary = Summary(results);
        output.WriteLine(summary);

        var failed = results.Where(r => r.Misbehaviour.Count > 0).ToList();
        if (failed.Count > 0 || changed.Count > 0)
        {
            Assert.Fail(Report(summary, failed, changed, before.Count));
        }
    }

    /// <summary>A programme with something to damage: a table, tokens, a report, a file, an evaluation, a dispatch.</summary>
    private async Task<CorpusProgramme> SetUpProgrammeAsync()
    {
        var (tianyuan, xinyuan) = await _app.Import2026Async();
        var hantai = await _app.IssueUnitTokenAsync("罕台镇");
        var xingsheng = await _app.IssueUnitTokenAsync("兴胜街道办事处");
        var revoked = await _app.IssueUnitTokenAsync("罕台镇");
        using (var revoke = await _app.SendAsync(HttpMethod.Delete, $"tokens/{TokenId(revoked)}"))
        {
            Assert.Equal(204, (int)revoke.StatusCode);
        }

        var report = new
        {
            summary = "综合服务设施改造完成",
            problems = "无",
            nextPlan = "组织验收",
            fundsSpent = 50000m,
            metrics = new { households = 800, centreArea = 320m, facilityOwner = "基层政府", elderlyCareStation = true },
        };
        await _app.JsonAsync(HttpMethod.Put, $"assignments/{tianyuan}/reports/2026-10", JsonContent.Create(report), hantai, expect: 201);

        var uploaded = await _app.JsonAsync(HttpMethod.Post, $"assignments/{tianyuan}/evidence",
            EvidenceFiles.Form("FW-4", "2026-10", ("现场照片.jpg", EvidenceFiles.Jpeg(4000))), hantai, expect: 201);
        var evidenceId = uploaded.GetProperty("items")[0].GetProperty("id").GetString()!;

        var evaluation = new
        {
            completedOn = "2026-11-01",
            evaluatedOn = "2026-11-10",
            evaluator = "区民政局 李明",
            results = new[] { "FW-1", "FW-2", "FW-3", "FW-4", "FW-5" }.Select(r => new { requirement = r, passed = true, note = "现场查验" }),
        };
        string eTag;
        using (var put = await _app.SendAsync(HttpMethod.Put, $"assignments/{tianyuan}/evaluation", JsonContent.Create(evaluation)))
        {
            Assert.True((int)put.StatusCode == 201, await put.Content.ReadAsStringAsync());
            eTag = put.Headers.ETag!.ToString();
        }

        await _app.JsonAsync(HttpMethod.Post, "jobs/dispatch/run?period=2026-10");

        _tianyuan = tianyuan;
        Assert.Equal($"\"{tianyuan}.v0001\"", eTag);
        return new CorpusProgramme(tianyuan, xinyuan, hantai, TokenId(hantai), xingsheng, TokenId(xingsheng), revoked, evidenceId);
    }

    private static string TokenId(string token) => token.Split('_')[1];

    /// <summary>
    /// Creates every table and container the app knows of (the app creates them on first use), so
    /// a bad request that merely reaches a store for the first time is not taken for a write.
    /// </summary>
    private async Task EnsureEveryStoreExistsAsync()
    {
        foreach (var field in typeof(StorageNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var name = (string)field.GetRawConstantValue()!;
            if (field.Name.EndsWith("Table", StringComparison.Ordinal))
            {
                await _app.Table(name).CreateIfNotExistsAsync();
            }
            else
            {
                await _app.Container(name).CreateIfNotExistsAsync();
            }
        }
    }

    private Task<StorageSnapshot> SnapshotAsync() => StorageSnapshot.TakeAsync(_app.ConnectionString, _app.NamePrefix);

    private async Task<CorpusResult> SendAsync(CorpusCase c)
    {
        using var request = new HttpRequestMessage(c.Method, c.Path);
        if (c.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", c.Authorization);
        }
        foreach (var (name, value) in c.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, await ResolveAsync(value));
        }
        request.Content = c.Body?.Invoke();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            using var response = await _app.Client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return new CorpusResult(c, (int)response.StatusCode, response.Content.Headers.ContentType, body, null, []);
        }
        catch (Exception e)
        {
            return new CorpusResult(c, null, null, [], $"{e.GetType().Name}: {e.Message}", []);
        }
    }

    /// <summary>
    /// Fills in the evaluation's ETag as it is now, so a precondition case tests what it says even
    /// if an earlier case was wrongly accepted and made a new version.
    /// </summary>
    private async Task<string> ResolveAsync(string value)
    {
        if (!value.Contains('{', StringComparison.Ordinal))
        {
            return value;
        }
        using var current = await _app.SendAsync(HttpMethod.Get, $"assignments/{_tianyuan}/evaluation");
        var tag = current.Headers.ETag!.Tag;
        var bare = tag.Trim('"');
        var version = int.Parse(bare[(bare.LastIndexOf(".v", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture);
        var next = $"\"{_tianyuan}.v{version + 1:D4}\"";
        return value.Replace(CorpusCase.CurrentETagUnquoted, bare, StringComparison.Ordinal)
            .Replace(CorpusCase.CurrentETag, tag, StringComparison.Ordinal)
            .Replace(CorpusCase.NextETag, next, StringComparison.Ordinal);
    }

    /// <summary>"added table Reports | id | 2026-10.v0002" without the value and the app's name prefix.</summary>
    private string Compact(string change)
    {
        var key = change.IndexOf(": ", StringComparison.Ordinal) is var at and > 0 ? change[..at] : change;
        return string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(_app.NamePrefix, "", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The problem's code and the start of its detail, for the per-case listing.</summary>
    private static string ProblemGist(byte[] body)
    {
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code))
            {
                var detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
                return $"{code.GetString()}: {(detail.Length > 80 ? detail[..80] + "…" : detail)}";
            }
        }
        catch (JsonException)
        {
        }
        return body.Length == 0 ? "(empty)" : Excerpt(body)[..Math.Min(60, Excerpt(body).Length)];
    }

    private static string Summary(IReadOnlyList<CorpusResult> results)
    {
        var byStatus = results.GroupBy(r => r.StatusText).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}");
        var failed = results.Count(r => r.Misbehaviour.Count > 0);
        var fiveHundreds = results.Count(r => r.Status >= 500);
        var wrote = results.Count(r => r.Wrote.Count > 0);
        return $"Bad-input corpus: {results.Count} requests over {results.Select(r => r.Case.Group).Distinct().Count()} groups; answered {string.Join(", ", byStatus)}; "
            + $"misbehaved {failed} (5xx {fiveHundreds}, changed storage {wrote}).";
    }

    private static string Report(string summary, IReadOnlyList<CorpusResult> failed, IReadOnlyList<string> changed, int itemsBefore)
    {
        var sb = new StringBuilder();
        sb.AppendLine(summary);
        sb.AppendLine();
        sb.AppendLine($"{failed.Count} cases misbehaved:");
        sb.AppendLine("| # | case | request | status | content-type | what went wrong | body excerpt |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        var i = 0;
        foreach (var r in failed)
        {
            sb.AppendLine($"| {++i} | [{r.Case.Group}] {Cell(r.Case.Name)} | {Cell(r.Case.Describe())} | {r.StatusText} | {Cell(r.ContentType?.ToString() ?? "-")} "
                + $"| {Cell(string.Join("; ", r.Misbehaviour))} | {Cell(Excerpt(r.Body))} |");
        }
        if (changed.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Storage after the corpus differs from before it ({itemsBefore} tables, containers, entities and blobs before; {changed.Count} differences):");
            foreach (var line in changed.Take(60))
            {
                sb.AppendLine("  " + line);
            }
            if (changed.Count > 60)
            {
                sb.AppendLine($"  … and {changed.Count - 60} more");
            }
        }
        return sb.ToString();
    }

    private static string Excerpt(byte[] body)
    {
        if (body.Length == 0)
        {
            return "(empty)";
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600));
        text = text.Length > 220 ? text[..220] + "…" : text;
        return body.Length > 600 ? $"{text} ({body.Length:N0} bytes)" : text;
    }

    private static string Cell(string s) =>
        new string(s.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Replace("|", "\\|");

    private sealed record CorpusResult(CorpusCase Case, int? Status, MediaTypeHeaderValue? ContentType, byte[] Body, string? Error, IReadOnlyList<string> Wrote)
    {
        public string StatusText => Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer";

        public IReadOnlyList<string> Misbehaviour => Judge(this);
    }

    /// <summary>Everything about one answer a clerk, a script or the bureau would notice as wrong.</summary>
    private static List<string> Judge(CorpusResult r)
    {
        var wrong = new List<string>();
        if (r.Error is not null)
        {
            wrong.Add("no answer: " + r.Error);
        }
        else if (r.Case.Expect == Expect.Healthy)
        {
            if (r.Status != 200 || r.ContentType?.MediaType != "application/json")
            {
                wrong.Add($"health answered {r.Status} {r.ContentType?.MediaType}");
            }
        }
        else
        {
            if (r.Status is not (>= 400 and < 500))
            {
                wrong.Add(r.Status >= 500 ? $"server error {r.Status}" : $"accepted ({r.Status})");
            }
            if (r.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"content type {r.ContentType?.MediaType ?? "none"}");
            }
            if (r.Body.Length == 0)
            {
                wrong.Add("empty body");
            }
            else if (r.Body.Length >= MaxProblemBytes)
            {
                wrong.Add($"answer of {r.Body.Length:N0} bytes grows with the input");
            }
            if (r.Body.Length > 0 && r.ContentType?.MediaType == "application/problem+json")
            {
                wrong.AddRange(ProblemFaults(r.Body, r.Status));
            }
        }
        if (r.Wrote.Count > 0)
        {
            wrong.Add($"changed storage ({r.Wrote.Count}): " + string.Join("; ", r.Wrote.Take(4)) + (r.Wrote.Count > 4 ? "; …" : ""));
        }
        return wrong;
    }

    private static IEnumerable<string> ProblemFaults(byte[] body, int? status)
    {
        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return ["problem body is not JSON"];
        }
        var faults = new List<string>();
        if (problem.ValueKind != JsonValueKind.Object)
        {
            return ["problem body is not an object"];
        }
        if (!problem.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(code.GetString()))
        {
            faults.Add("no code");
        }
        if (!problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || !title.GetString()!.Any(c => c is >= '\u4e00' and <= '\u9fff'))
        {
            faults.Add("title not Chinese");
        }
        if (problem.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() != status)
        {
            faults.Add($"problem status {s.GetInt32()} ≠ HTTP {status}");
        }
        return faults;
    }
}
