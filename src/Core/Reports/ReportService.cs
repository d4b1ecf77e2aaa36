using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Evidence;
using Governance.Core.Input;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Reports;

/// <summary>Monthly reports (月度进展): submission with versions, and reading them back.</summary>
public sealed class ReportService(
    AssignmentStore assignments,
    ReportStore reports,
    ReportSideEffects sideEffects,
    Outbox outbox,
    EvidenceUploads evidence,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock)
{
    private const int Attempts = 5;

    public sealed record VersionView(
        int Version,
        DateTimeOffset ReceivedAt,
        string Timeliness,
        string SubmittedBy,
        string Summary,
        string? Problems,
        string? NextPlan,
        decimal FundsSpent,
        IReadOnlyList<RequirementProgress> Progress,
        Rules.CommunityMetrics Metrics)
    {
        public static VersionView Of(ReportVersion v) => new(
            v.Version, BeijingTime.ToBeijing(v.ReceivedAt), v.Timeliness, v.SubmittedBy,
            v.Content.Summary, v.Content.Problems, v.Content.NextPlan, v.Content.FundsSpent, v.Content.Progress, v.Content.Metrics);
    }

    public sealed record ReportView(
        string AssignmentId,
        string Period,
        string State,
        DateTimeOffset FirstReceivedAt,
        VersionView Current,
        IReadOnlyList<VersionView> Versions)
    {
        /// <summary>Files sent with a multipart report, stored as evidence of the month; null when none were sent.</summary>
        public IReadOnlyList<EvidenceItem>? Attachments { get; init; }
    }

    /// <summary>201 for a month's first version, 200 for a new version or an identical resubmission.</summary>
    public sealed record SubmitResult(int Status, bool Unchanged, ReportView Report);

    /// <summary>
    /// Submits a report sent as JSON, a urlencoded form or multipart. Multipart file parts are
    /// streamed to Blob storage as evidence of the month; a refused report discards them.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(Caller caller, string assignmentId, string periodText, IncomingForm form, CancellationToken ct)
    {
        var (assignment, month) = await AuthorizeAsync(caller, assignmentId, periodText, ct);
        var errors = new FieldErrors();
        if (form.Format != FormFormat.Multipart)
        {
            var fields = await ReadFieldsAsync(form, errors, ct);
            return await SubmitAsync(caller, assignment, month, fields, errors, ct);
        }

        var upload = await evidence.ReceiveAsync(assignment, form, ct);
        SubmitResult result;
        try
        {
            result = await SubmitAsync(caller, assignment, month, upload.Fields, errors, ct);
        }
        catch
        {
            await evidence.DiscardAsync(upload);
            throw;
        }
        if (upload.Files.Count == 0)
        {
            return result;
        }
        // The report is saved before its files: if storing them fails, the clerk's retry finds the
        // report unchanged (a no-op) and stores the files then.
        var items = await evidence.CommitAsync(caller, assignment, upload, null, month, null, ct);
        return result with { Report = result.Report with { Attachments = items } };
    }

    /// <summary>
    /// Checks the caller, the assignment and the period before anything is read from the body,
    /// so a refused report costs nothing and writes nothing.
    /// </summary>
    public async Task<(Assignment Assignment, MonthPeriod Period)> AuthorizeAsync(Caller caller, string assignmentId, string periodText, CancellationToken ct)
    {
        if (caller.IsStaff)
        {
            throw new ProblemException(403, "forbidden", "无权操作", ReportMessages.UnitsOnlyDetail);
        }
        // From memory when read in the last 30 s on this instance (an import here clears it): see AssignmentStore.GetRecentAsync.
        var assignment = await assignments.GetRecentAsync(assignmentId, ct);
        caller.EnsureUnit(assignment.Unit);
        return (assignment, ReportingPeriods.Validate(assignment, periodText, clock));
    }

    public async Task<SubmitResult> SubmitAsync(Caller caller, Assignment assignment, MonthPeriod period, IReadOnlyDictionary<string, string> fields, FieldErrors errors, CancellationToken ct)
    {
        var content = ReportFields.Parse(fields, assignment.TaskType, errors);
        errors.ThrowIfAny("invalid_report", ReportMessages.InvalidTitle);
        var hash = content.ContentHash();
        var periodText = period.ToString();

        // A month this instance has not seen stored is most likely new: its first version is tried
        // without a read, as an Add of both rows that fails 409 if the month exists after all.
        var tryFirst = !reports.SeenStored(assignment.Id, periodText);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            ReportStore.StoredMonth? month = null;
            if (!tryFirst)
            {
                // One range read of the month's rows: the current row (with its ETag) and every version, for the answer.
                month = await reports.FindMonthAsync(assignment.Id, periodText, ct);
            }
            var stored = month?.Current;
            if (stored is not null && stored.Report.Current.ContentHash == hash)
            {
                // A retry of what is already current: answer it, and make sure the month index has it
                // (a read when it does) rather than wait for the outbox.
                await reports.IndexAsync(stored.Report, assignment.Unit, likelyAbsent: false, ct);
                return new SubmitResult(200, true, View(stored.Report, month!.Versions));
            }

            var receivedAt = clock.GetUtcNow();
            var timeliness = Timeliness.Of(period, receivedAt, schedule.Value);
            var version = new ReportVersion(assignment.Id, periodText, (stored?.Report.Current.Version ?? 0) + 1,
                receivedAt, timeliness, caller.Label, hash, content);
            var report = new MonthlyReport(version, stored?.Report.FirstReceivedAt ?? receivedAt, stored?.Report.FirstTimeliness ?? timeliness);
            // The intent goes first: if the process dies after the transaction, the tick or the next
            // dispatch finds it and writes the month index and the audit entry from the stored version.
            var intent = ReportSideEffects.Intent(version, caller.TokenId, receivedAt);
            await outbox.AddAsync(intent, ct);
            if (!await reports.TryAddVersionAsync(report, stored?.ETag, ct))
            {
                tryFirst = false;
                await outbox.RemoveAsync(intent, ct);
                continue;
            }
            // The answer is built from what was written: the versions read before plus this one.
            var answer = View(report, [.. month?.Versions ?? [], version]);
            // The version is stored, so the clerk is told so at once: the side effects (month index,
            // summary, audit) run after the answer, and the intent written before the commit has the
            // next tick, dispatch or reader deliver them if they fail or this process stops.
            outbox.DeliverAfterAnswer(intent, () => sideEffects.ApplyAsync(assignment, report, version, caller.TokenId, justStored: true, CancellationToken.None));
            return new SubmitResult(version.Version == 1 ? 201 : 200, false, answer);
        }
        throw new ProblemException(409, "report_conflict", ReportMessages.ConflictTitle, ReportMessages.ConflictDetail);
    }

    public async Task<ReportView> GetAsync(Caller caller, string assignmentId, string periodText, CancellationToken ct)
    {
        var assignment = await assignments.GetAsync(assignmentId, ct);
        caller.EnsureUnit(assignment.Unit);
        var period = ReportingPeriods.Validate(assignment, periodText, clock);
        var stored = await reports.FindCurrentAsync(assignment.Id, period.ToString(), ct)
            ?? throw new ProblemException(404, "report_not_found", "该月尚未填报", $"{assignment.Community}{period.ChineseName}尚无月度进展。");
        return await ViewAsync(stored.Report, ct);
    }

    /// <summary>The report fields of a JSON or urlencoded body (multipart goes through the evidence upload, which streams files).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ReadFieldsAsync(IncomingForm form, FieldErrors errors, CancellationToken ct)
    {
        if (form.Format is not (FormFormat.Json or FormFormat.UrlEncoded))
        {
            throw new ProblemException(415, "unsupported_media_type", "不支持的内容类型",
                $"月度进展请以 application/json、application/x-www-form-urlencoded 或 multipart/form-data 提交，收到“{form.ContentType}”。");
        }
        await form.ReadToEndAsync(ct);
        return form.Json is { } json ? ReportFields.FromJson(json, errors) : form.Fields;
    }

    private static ReportView View(MonthlyReport report, IReadOnlyList<ReportVersion> versions) =>
        new(report.Current.AssignmentId, report.Period, report.FirstTimeliness,
            BeijingTime.ToBeijing(report.FirstReceivedAt), VersionView.Of(report.Current), versions.Select(VersionView.Of).ToList());

    private async Task<ReportView> ViewAsync(MonthlyReport report, CancellationToken ct)
    {
        // A month's first version is its only one: no need to read it back.
        IReadOnlyList<ReportVersion> versions = report.Current.Version == 1
            ? [report.Current]
            : await reports.ListVersionsAsync(report.Current.AssignmentId, report.Period, ct);
        return new ReportView(report.Current.AssignmentId, report.Period, report.FirstTimeliness,
            BeijingTime.ToBeijing(report.FirstReceivedAt), VersionView.Of(report.Current), versions.Select(VersionView.Of).ToList());
    }
}
