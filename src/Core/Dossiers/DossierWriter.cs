using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Governance.Core.Documents;
using Governance.Core.Assignments;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Reports;
using Governance.Core.Rules;
using Governance.Core.Storage;

namespace Governance.Core.Dossiers;

/// <summary>What the acceptance dossier (验收档案) of one evaluation version is made of.</summary>
public sealed record DossierContent(
    Assignment Assignment,
    EvaluationRecord Evaluation,
    CommunityMetrics? Metrics,
    IReadOnlyList<MonthlyReport> Reports,
    IReadOnlyList<ReportVersion> ReportVersions,
    IReadOnlyList<EvidenceRecord> Evidence,
    DateTimeOffset GeneratedAt);

/// <summary>
/// Writes the acceptance dossier as one .zip straight into Blob storage (container "dossiers"),
/// hashing it on the way (through <see cref="EvidenceZip"/>, which also writes the evidence bundle), so the
/// stored SHA-256 is of exactly the bytes a later download returns.
/// The blob is written before the evaluation row that names it; a crash in between leaves only an
/// unreferenced blob, never a row pointing at nothing.
/// </summary>
public sealed class DossierWriter(GovernanceStorage storage, EvidenceStore evidence, DownloadLinks links)
{
    private static readonly EvidenceEntryLayout EvidenceLayout = new(Root: "evidence/", CompressionLevel.Optimal, UploadTimeAsEntryTime: false);

    private static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
    private static readonly JsonSerializerOptions Indented = new(Json.Options) { WriteIndented = true };

    /// <summary>An entry of manifest.json; <see cref="RecordedSha256"/> is the hash an evidence file was uploaded with.</summary>
    private sealed record ManifestEntry(string Path, long Size, string Sha256, string? RecordedSha256 = null);

    public async Task<DossierInfo> WriteAsync(DossierContent content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var a = content.Assignment;
        var e = content.Evaluation;
        var container = await storage.ContainerAsync(StorageNames.DossiersContainer, ct);
        // A random tail keeps two racing revisions of the same version number from writing one blob;
        // only the one whose row lands is ever referenced.
        var blobName = $"{a.Id}/v{e.Version.ToString("D4", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.zip";
        var blob = container.GetBlobClient(blobName);

        var files = await evidence.FilesAsync(ct);
        var (sha256, size) = await EvidenceZip.WriteAsync(blob, Encoding.UTF8, async zip =>
        {
            var manifest = new List<ManifestEntry>();
            await AddTextAsync(zip, manifest, "README.txt", DossierTexts.ReadMe(a, e, content.GeneratedAt), ct);
            await AddJsonAsync(zip, manifest, "assignment.json", AssignmentSummary.Of(a), ct);
            await AddJsonAsync(zip, manifest, "evaluation.json", EvaluationVersionView.Of(e), ct);
            await AddJsonAsync(zip, manifest, "verdicts.json", e.Computed.Select(ComputedEntry).ToList(), ct);
            await AddTextAsync(zip, manifest, "verdicts.csv", VerdictsCsv(e.Computed), ct);
            await AddJsonAsync(zip, manifest, "metrics.json", content.Metrics, ct);
            await AddTextAsync(zip, manifest, "reports/current.csv", ReportsCsv(content.Reports), ct);
            foreach (var v in content.ReportVersions)
            {
                await AddJsonAsync(zip, manifest, $"reports/{v.Period}/v{v.Version.ToString("D4", CultureInfo.InvariantCulture)}.json",
                    ReportService.VersionView.Of(v), ct);
            }
            await AddEvidenceAsync(zip, manifest, files, a, content.Evidence, ct);
            // Listed last so it can name every other entry; it cannot name itself.
            await AddJsonAsync(zip, manifest, "manifest.json", new
            {
                assignmentId = a.Id,
                evaluationVersion = e.Version,
                generatedAt = Periods.BeijingTime.ToBeijing(content.GeneratedAt),
                algorithm = "SHA-256",
                entries = manifest.ToList(),
            }, ct);
        }, ct);
        return new DossierInfo(blobName, DossierTexts.FileName(a, e.Version), sha256, size);
    }

    /// <summary>
    /// Removes the dossier of a version that lost its race for the row. Best effort: a blob left
    /// behind is unreferenced, and no reader ever finds it.
    /// </summary>
    public async Task DiscardAsync(DossierInfo dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        try
        {
            var container = await storage.ContainerAsync(StorageNames.DossiersContainer, CancellationToken.None);
            await container.GetBlobClient(dossier.BlobName).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        }
        catch (Azure.RequestFailedException)
        {
            // Unreferenced either way; see docs/storage.md.
        }
    }

    /// <summary>A fresh read-only link (≤ 15 minutes, this blob only) that downloads under the Chinese file name.</summary>
    public async Task<DownloadLink> LinkAsync(DossierInfo dossier, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var container = await storage.ContainerAsync(StorageNames.DossiersContainer, ct);
        return await links.IssueAsync(container.GetBlobClient(dossier.BlobName), dossier.FileName, "application/zip", ct);
    }

    // evidence.csv says what each file is; the manifest carries both the hash of the bytes archived
    // and the hash recorded at upload, so any difference is visible.
    private static async Task AddEvidenceAsync(ZipArchive zip, List<ManifestEntry> manifest, BlobContainerClient files, Assignment a,
        IReadOnlyList<EvidenceRecord> records, CancellationToken ct)
    {
        var list = new StringBuilder(ArchiveNames.CsvLine(["文件", "证明材料编号", "原文件名", "创建要求", "月份", "说明", "大小（字节）", "上传时SHA-256", "上传者", "上传时间"]));
        foreach (var (r, _, path, size, sha256) in await EvidenceZip.AddEvidenceAsync(zip, files, a, records, EvidenceLayout, ct))
        {
            manifest.Add(new ManifestEntry(path, size, sha256, r.Sha256));
            list.Append(ArchiveNames.CsvLine(
            [
                path, r.Id, r.FileName, r.Requirement, r.Period, r.Caption, r.Size.ToString(CultureInfo.InvariantCulture), r.Sha256, r.UploadedBy,
                Periods.BeijingTime.ToBeijing(r.UploadedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ]));
        }
        await AddTextAsync(zip, manifest, "evidence.csv", list.ToString(), ct);
    }

    private static object ComputedEntry(RequirementVerdict v) => new
    {
        requirement = v.RequirementId,
        name = v.Name,
        state = v.State.Code(),
        stateName = v.State.ChineseName(),
        figures = v.Figures,
        explanation = v.Explanation,
    };

    private static string VerdictsCsv(IReadOnlyList<RequirementVerdict> verdicts)
    {
        var sb = new StringBuilder(ArchiveNames.CsvLine(["创建要求", "名称", "结论", "计算项", "要求", "实际", "是否满足", "说明"]));
        foreach (var v in verdicts)
        {
            foreach (var f in v.Figures.DefaultIfEmpty())
            {
                sb.Append(ArchiveNames.CsvLine(
                [
                    v.RequirementId, v.Name, v.State.ChineseName(), f?.Label, f?.Required, f?.Actual,
                    f?.Met switch { true => "是", false => "否", null => "" }, v.Explanation,
                ]));
            }
        }
        return sb.ToString();
    }

    private static string ReportsCsv(IReadOnlyList<MonthlyReport> reports)
    {
        var sb = new StringBuilder(ArchiveNames.CsvLine(["月份", "版本", "收到时间", "及时性", "首次报送及时性", "报送人", "本月支出（元）", "本月进展", "存在问题", "下月计划", "内容SHA-256"]));
        foreach (var r in reports.OrderBy(r => r.Period, StringComparer.Ordinal))
        {
            var v = r.Current;
            sb.Append(ArchiveNames.CsvLine(
            [
                v.Period, v.Version.ToString(CultureInfo.InvariantCulture),
                Periods.BeijingTime.ToBeijing(v.ReceivedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                v.Timeliness, r.FirstTimeliness, v.SubmittedBy, EntityValues.Money(v.Content.FundsSpent),
                v.Content.Summary, v.Content.Problems, v.Content.NextPlan, v.ContentHash,
            ]));
        }
        return sb.ToString();
    }


    private static Task AddJsonAsync<T>(ZipArchive zip, List<ManifestEntry> manifest, string path, T value, CancellationToken ct) =>
        AddBytesAsync(zip, manifest, path, JsonSerializer.SerializeToUtf8Bytes(value, Indented), ct);

    // CSV and text carry a BOM so Excel on a Chinese Windows reads them as UTF-8.
    private static Task AddTextAsync(ZipArchive zip, List<ManifestEntry> manifest, string path, string text, CancellationToken ct) =>
        AddBytesAsync(zip, manifest, path, [.. Utf8Bom.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], ct);

    private static async Task AddBytesAsync(ZipArchive zip, List<ManifestEntry> manifest, string path, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var raw = await entry.OpenAsync(ct);
        await raw.WriteAsync(bytes, ct);
        manifest.Add(new ManifestEntry(path, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }
}
