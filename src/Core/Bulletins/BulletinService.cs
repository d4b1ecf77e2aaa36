using System.Text.Json;
using Governance.Core.Documents;
using Governance.Core.Jobs;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Standing;
using Microsoft.Extensions.Options;

namespace Governance.Core.Bulletins;

public sealed record BulletinView(Bulletin Bulletin, BulletinLinks Links);

public sealed record BulletinLinks(DocumentLink Docx, DocumentLink Html);

/// <summary>
/// Compiles the quarterly bulletin (季通报) from the programme as at the quarter's end: the .docx,
/// the HTML page and the JSON under names derived from the quarter (blob first), then a 季通报
/// notice to each addressed unit, once per (kind, unit, quarter).
/// </summary>
public sealed class BulletinService(
    StandingReader standing,
    DocumentStore documents,
    NoticeStore notices,
    DocumentNumbers numbers,
    IOptions<BulletinOptions> options,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    public static string BlobName(QuarterPeriod q, string extension) => $"bulletin/{q}/bulletin-{q}.{extension}";

    /// <summary>The bulletin's key in DocumentNumbers: <c>bulletin|2023-Q4</c>.</summary>
    public static string DocumentKey(QuarterPeriod q) => $"bulletin|{q}";

    public async Task<JobOutcome> CompileAsync(QuarterPeriod q, CancellationToken ct)
    {
        var rows = await standing.ActiveAsync(q.Months[0], q.Months[2], BeijingTime.EndOfDay(q.LastDay), ct);
        if (rows.Count == 0)
        {
            return JobOutcome.Empty(JobTexts.NothingActive(q.ChineseName));
        }
        var now = clock.GetUtcNow();
        var issuedOn = DueDates.BulletinDay(q, schedule.Value);
        // 发文字号: given on the first compilation, kept on every re-run.
        var number = await numbers.NumberAsync(issuedOn.Year, DocumentKey(q), ct);
        var bulletin = Bulletin.Compile(q, rows, options.Value, schedule.Value,
            DocumentNumbers.Format(options.Value.NumberPrefix, issuedOn.Year, number), issuedOn, now);
        // The JSON last: the API finds a bulletin by it, so whoever finds it also finds the documents.
        var names = await documents.PublishAsync(
        [
            new PublishedFile(BlobName(q, "docx"), BulletinDocuments.Docx(bulletin), DocumentTypes.Docx),
            PublishedFile.Html(BlobName(q, "html"), BulletinDocuments.Page(bulletin)),
            PublishedFile.Json(BlobName(q, "json"), bulletin),
        ], ct);
        var batch = new List<Notice>();
        foreach (var unit in bulletin.Entries.GroupBy(e => e.Unit, StringComparer.Ordinal))
        {
            var behind = unit.Where(e => e.Verdict == BulletinTexts.Criticised).Select(e => NoticeTexts.Assignment(e.Community, e.Task)).ToList();
            batch.Add(new Notice(NoticeKind.Bulletin, unit.Key, q.ToString(), NoticeTexts.BulletinTitle(q),
                NoticeTexts.Bulletin(unit.Key, q, issuedOn, behind), unit.Select(e => e.AssignmentId).ToList(), now));
        }
        var created = await notices.CreateManyOnceAsync(batch, ct);
        return new JobOutcome(JobTexts.Bulletined(q.ChineseName, bulletin.Entries.Count, bulletin.Entries.Count(e => e.Verdict == BulletinTexts.Criticised)), names, created);
    }

    public async Task<BulletinView> GetAsync(string quarterText, CancellationToken ct)
    {
        if (!QuarterPeriod.TryParse(quarterText, out var q))
        {
            throw JobProblems.BadPeriod("quarter", quarterText, "2026-Q4");
        }
        var json = await documents.ReadAsync(BlobName(q, "json"), ct)
            ?? throw new ProblemException(404, "bulletin_not_found", "通报尚未编制", JobTexts.BulletinMissing(q.ChineseName));
        var bulletin = json.ToObjectFromJson<Bulletin>(Json.Options)!;
        return new BulletinView(bulletin, new BulletinLinks(
            await documents.LinkAsync(BlobName(q, "docx"), BulletinTexts.FileName(bulletin.Title, "docx"), DocumentTypes.Docx, ct),
            await documents.LinkAsync(BlobName(q, "html"), BulletinTexts.FileName(bulletin.Title, "html"), DocumentTypes.Html, ct)));
    }
}
