using Governance.Core.Documents;
using Governance.Core.Jobs;
using Governance.Core.Notices;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Standing;
using Governance.Core.Reports;
using Microsoft.Extensions.Options;

namespace Governance.Core.Dispatch;

/// <summary>The dispatch as the API answers it: the sheet and fresh links to its .xlsx and .html.</summary>
public sealed record DispatchView(DispatchSheet Dispatch, DispatchLinks Links);

public sealed record DispatchLinks(DocumentLink Xlsx, DocumentLink Html);

/// <summary>
/// Compiles the monthly dispatch (月调度): reads the month (bounded, see <see cref="StandingReader"/>),
/// writes the .xlsx, the HTML page and the JSON under names derived from the month (blob first),
/// then sends the overdue notices (逾期通知) to units with missing reports and the dispatch notice
/// (月调度) to every unit in the sheet, each once per (kind, unit, month).
/// </summary>
public sealed class DispatchService(
    StandingReader standing,
    DocumentStore documents,
    NoticeStore notices,
    IOptions<ScheduleOptions> schedule,
    IOptions<DispatchOptions> options,
    TimeProvider clock)
{
    public static string BlobName(MonthPeriod month, string extension) => $"dispatch/{month}/dispatch-{month}.{extension}";

    public async Task<JobOutcome> CompileAsync(MonthPeriod month, CancellationToken ct)
    {
        var rows = await standing.ActiveAsync(month, month, BeijingTime.EndOfDay(month.LastDay), ct);
        if (rows.Count == 0)
        {
            return JobOutcome.Empty(JobTexts.NothingActive(month.ChineseName));
        }
        var now = clock.GetUtcNow();
        var sheet = DispatchSheet.Compile(month, rows, schedule.Value, options.Value, now);
        var names = await documents.PublishAsync(
        [
            new PublishedFile(BlobName(month, "xlsx"), DispatchDocuments.Workbook(sheet), DocumentTypes.Xlsx),
            PublishedFile.Html(BlobName(month, "html"), DispatchDocuments.Page(sheet)),
            PublishedFile.Json(BlobName(month, "json"), sheet),
        ], ct);

        var due = DueDates.ReportDueDay(month, schedule.Value);
        var batch = new List<Notice>();
        foreach (var unit in sheet.Rows.GroupBy(r => r.Unit, StringComparer.Ordinal))
        {
            var missing = unit.Where(r => r.Timeliness == Timeliness.Missing).ToList();
            if (missing.Count > 0)
            {
                batch.Add(new Notice(NoticeKind.Overdue, unit.Key, month.ToString(), NoticeTexts.OverdueTitle(month),
                    NoticeTexts.Overdue(unit.Key, month, due, missing.Select(r => NoticeTexts.Assignment(r.Community, r.Task)).ToList()),
                    missing.Select(r => r.AssignmentId).ToList(), now));
            }
            batch.Add(new Notice(NoticeKind.Dispatch, unit.Key, month.ToString(), NoticeTexts.DispatchTitle(month),
                NoticeTexts.Dispatch(unit.Key, month, due, unit.Count(), missing.Count), unit.Select(r => r.AssignmentId).ToList(), now));
        }
        var created = await notices.CreateManyOnceAsync(batch, ct);
        return new JobOutcome(JobTexts.Dispatched(month.ChineseName, sheet.Rows.Count, sheet.UnitsNotReported), names, created);
    }

    /// <summary>The published sheet; every unit reads it, as every unit receives the dispatch.</summary>
    public async Task<DispatchView> GetAsync(string periodText, CancellationToken ct)
    {
        if (!MonthPeriod.TryParse(periodText, out var month))
        {
            throw JobProblems.BadPeriod("period", periodText, "2026-10");
        }
        var json = await documents.ReadAsync(BlobName(month, "json"), ct)
            ?? throw new ProblemException(404, "dispatch_not_found", "调度表尚未编制", JobTexts.DispatchMissing(month.ChineseName));
        var sheet = json.ToObjectFromJson<DispatchSheet>(Json.Options)!;
        return new DispatchView(sheet, new DispatchLinks(
            await documents.LinkAsync(BlobName(month, "xlsx"), DispatchTexts.FileName(month, "xlsx"), DocumentTypes.Xlsx, ct),
            await documents.LinkAsync(BlobName(month, "html"), DispatchTexts.FileName(month, "html"), DocumentTypes.Html, ct)));
    }
}
