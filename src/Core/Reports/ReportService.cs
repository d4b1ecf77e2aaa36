using Governance.Core.Assignments;
using Governance.Core.Auth;
using Governance.Core.Evidence;
using Governance.Core.Input;
using Governance.Core.Periods;
using Governance.Core.Problems;
using Governance.Core.Rules;
using Governance.Core.Standing;
using Governance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Governance.Core.Reports;

/// <summary>Monthly reports (月度进展): submission with versions, and reading them back.</summary>
public sealed class ReportService(
    AssignmentStore assignments,
    ReportStore reports,
    ReportSideEffects sideEffects,
    ReportReturnSideEffects returnEffects,
    Outbox outbox,
    EvidenceUploads evidence,
    StandingReader standing,
    IOptions<ScheduleOptions> schedule,
    IOptions<RuleThresholds> thresholds,
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
        Rules.CommunityMetrics Metrics,
        ReturnView? Returned)
    {
        public static VersionView Of(ReportVersion v) => new(
            v.Version, BeijingTime.ToBeijing(v.ReceivedAt), v.Timeliness, v.SubmittedBy,
            v.Content.Summary, v.Content.Problems, v.Content.NextPlan, v.Content.FundsSpent, v.Content.Progress, v.Content.Metrics,
            v.Returned is { } r ? new ReturnView(r.Reason, BeijingTime.ToBeijing(r.ReturnedAt), r.ReturnedBy) : null);
    }

    /// <summary>A version returned for revision (退回修改): why, when (Beijing time) and by whom.</summary>
    public sealed record ReturnView(string Reason, DateTimeOffset ReturnedAt, string ReturnedBy);

    public sealed record ReportView(
        string AssignmentId,
        string Period,
        string State,
        DateTimeOffset FirstReceivedAt,
        VersionView Current,
        IReadOnlyList<VersionView> Versions)
    {
        /// <summary>The month's state: 按时 or 逾期补报 as first reported, or 退回待改 while the current version is returned.</summary>
        public string MonthState => Current.Returned is null ? State : Timeliness.Returned;

        /// <summary>Files sent with a multipart report, stored as evidence of the month; null when none were sent.</summary>
        public IReadOnlyList<EvidenceItem>? Attachments { get; init; }
    }

    /// <summary>201 for a month's first version, 200 for a new version or an identical resubmission.</summary>
    public sealed record SubmitResult(int Status, bool Unchanged, ReportView Report);

    /// <summary>
    /// Submits a report sent as JSON, a urlencoded form or multipart. Multipart file parts are
    /// streamed to Blob storage as evidence of the month; a refused report discards them.
    /// </summary>
    public Task<SubmitResult> SubmitAsync(Caller caller, string assignmentId, string periodText, IncomingForm form, CancellationToken ct) =>
        SubmitAsync(caller, PrefetchAssignmentAsync(assignmentId, ct), periodText, form, ct);

    /// <summary>
    /// The assignment a report names, read before its caller's token is checked so the two reads go to
    /// storage together (see <c>Api.Authorized</c> with a prefetch); <see cref="SubmitAsync(Caller, Task{Assignment}, string, IncomingForm, CancellationToken)"/>
    /// checks the caller before it looks at the result, so a refused caller learns nothing from it.
    /// From memory when read in the last 30 s on this instance (see <see cref="AssignmentStore.GetRecentAsync"/>).
    /// </summary>
    public Task<Assignment> PrefetchAssignmentAsync(string assignmentId, CancellationToken ct) => assignments.GetRecentAsync(assignmentId, ct);

    /// <summary><see cref="SubmitAsync(Caller, string, string, IncomingForm, CancellationToken)"/> with the assignment's read already started.</summary>
    public async Task<SubmitResult> SubmitAsync(Caller caller, Task<Assignment> prefetched, string periodText, IncomingForm form, CancellationToken ct)
    {
        var (assignment, month) = await AuthorizeAsync(caller, prefetched, periodText, ct);
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
    public Task<(Assignment Assignment, MonthPeriod Period)> AuthorizeAsync(Caller caller, string assignmentId, string periodText, CancellationToken ct) =>
        AuthorizeAsync(caller, caller.IsStaff ? null : PrefetchAssignmentAsync(assignmentId, ct), periodText, ct);

    private async Task<(Assignment Assignment, MonthPeriod Period)> AuthorizeAsync(Caller caller, Task<Assignment>? prefetched, string periodText, CancellationToken ct)
    {
        if (caller.IsStaff)
        {
            // Whatever the prefetch met is dropped unseen: staff do not report.
            if (prefetched is not null)
            {
                _ = (await Task.WhenAny(prefetched)).Exception;
            }
            throw new ProblemException(403, "forbidden", "无权操作", ReportMessages.UnitsOnlyDetail);
        }
        var assignment = await prefetched!;
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
        // without a read, as an Add of both rows that fails 409 if the month exists after all. A month
        // this instance wrote or read is taken as remembered (its current row's ETag guards the write).
        var remembered = reports.RecentMonth(assignment.Id, periodText);
        var tryFirst = remembered is null && !reports.SeenStored(assignment.Id, periodText);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            ReportStore.StoredMonth? month = null;
            if (!tryFirst)
            {
                // The remembered month when this content differs from its current version (a wrong guess
                // costs one refused transaction); else one range read of the month's rows: the current row
                // (with its ETag) and every version, for the answer. "Unchanged" is only ever answered from a read.
                month = attempt == 0 && remembered?.Current is { } r && r.Report.Current.ContentHash != hash
                    ? remembered
                    : await reports.FindMonthAsync(assignment.Id, periodText, ct);
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
            // The intent is committed with the version as its witness row: one transaction, no write before it.
            var intent = ReportSideEffects.Intent(version, caller.TokenId, receivedAt);
            bool added;
            try
            {
                added = await reports.TryAddVersionAsync(report, month, intent, ct);
            }
            catch
            {
                // The transaction's outcome is unknown (its answer may be lost after it was stored): the
                // intent goes to the outbox, so the next tick or dispatch finds out and delivers what it owes.
                await outbox.TryAddAsync(intent);
                throw;
            }
            if (!added)
            {
                tryFirst = false;
                continue;
            }
            // The answer is built from what was written: the versions read before plus this one.
            var answer = View(report, [.. month?.Versions ?? [], version]);
            // The version is stored, so the clerk is told so at once: the side effects (month index,
            // summary, audit) run after the answer, and the witness committed with the version has them
            // delivered by the outbox or the timer's sweep if they fail or this process stops.
            outbox.DeliverWitnessedAfterAnswer(intent,
                () => sideEffects.ApplyAsync(assignment, report, version, caller.TokenId, justStored: true, CancellationToken.None),
                () => reports.RemoveWitnessAsync(intent, CancellationToken.None));
            return new SubmitResult(version.Version == 1 ? 201 : 200, false, answer);
        }
        throw new ProblemException(409, "report_conflict", ReportMessages.ConflictTitle, ReportMessages.ConflictDetail);
    }

    /// <summary>
    /// POST …/reports/{period}/preview: the assignment as it would stand were this report the month's current
    /// version — checked exactly as the PUT checks it (caller, period, fields), computed by the one standing
    /// computation — writing nothing. File parts of a multipart body are read past and ignored.
    /// </summary>
    public async Task<AssignmentView> PreviewAsync(Caller caller, string assignmentId, string periodText, IncomingForm form, CancellationToken ct)
    {
        var (assignment, month) = await AuthorizeAsync(caller, assignmentId, periodText, ct);
        var errors = new FieldErrors();
        IReadOnlyDictionary<string, string> fields;
        if (form.Format == FormFormat.Multipart)
        {
            while (await form.NextFileAsync(ct) is { } file)
            {
                await file.Content.CopyToAsync(Stream.Null, ct);
            }
            fields = form.Fields;
        }
        else
        {
            fields = await ReadFieldsAsync(form, errors, ct);
        }
        var content = ReportFields.Parse(fields, assignment.TaskType, errors);
        errors.ThrowIfAny("invalid_report", ReportMessages.InvalidTitle);

        var now = clock.GetUtcNow();
        var first = BeijingTime.EndOfDay(ReportingPeriods.First(assignment).LastDay);
        var inputs = await standing.InputsAsync(assignment, first < now ? first : now, ct);
        var stored = inputs.Reports.FirstOrDefault(r => r.Period == month.ToString());
        var hash = content.ContentHash();
        // What the PUT would store: nothing new for the same content (the month stays as it is, returned
        // or not), else the next version, received now.
        var candidate = stored is not null && stored.Current.ContentHash == hash ? stored : new MonthlyReport(
            new ReportVersion(assignment.Id, month.ToString(), (stored?.Current.Version ?? 0) + 1, now,
                Timeliness.Of(month, now, schedule.Value), caller.Label, hash, content),
            stored?.FirstReceivedAt ?? now, stored?.FirstTimeliness ?? Timeliness.Of(month, now, schedule.Value));
        return AssignmentView.Of(inputs.With(candidate).Timeline(now, schedule.Value, thresholds.Value));
    }

    /// <summary>
    /// POST …/reports/{period}/return (staff): returns the month's current version for revision (退回修改) with a
    /// reason. The return is stored on the version's rows in one transaction guarded by the current row's
    /// ETag (a version that is no longer current is never returned); the month index, the summary, the audit
    /// entry and the notice follow through the outbox. A new version clears it.
    /// </summary>
    public async Task<ReportView> ReturnAsync(Caller caller, string assignmentId, string periodText, IncomingForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureStaff();
        var assignment = await assignments.GetAsync(assignmentId, ct);
        var period = ReportingPeriods.Validate(assignment, periodText, clock);
        var (reason, asked) = await ReadReturnAsync(form, ct);

        var stored = await reports.FindCurrentAsync(assignment.Id, period.ToString(), ct)
            ?? throw new ProblemException(404, "report_not_found", "该月尚未填报", $"{assignment.Community}{period.ChineseName}尚无月度进展，无可退回。");
        CheckReturnable(stored.Report, asked);
        var returned = new ReturnRecord(reason, clock.GetUtcNow(), caller.Label);
        var version = stored.Report.Current with { Returned = returned };
        var intent = ReportReturnSideEffects.Intent(version, returned, caller.TokenId);
        await outbox.AddAsync(intent, ct);
        if (!await reports.TryReturnAsync(stored, returned, ct))
        {
            await outbox.RemoveAsync(intent, ct);
            // Another request moved the month first: a new version (stale) or a colleague's return.
            var now = await reports.FindCurrentAsync(assignment.Id, period.ToString(), ct);
            CheckReturnable(now!.Report, stored.Report.Current.Version);
            throw new ProblemException(409, "report_conflict", ReportMessages.ConflictTitle, ReportMessages.ConflictDetail);
        }
        var report = stored.Report with { Current = version };
        await outbox.DeliverAsync(intent, () => returnEffects.ApplyAsync(assignment, report, version, caller.TokenId, ct), ct);
        return await ViewAsync(report, ct);
    }

    private static void CheckReturnable(MonthlyReport current, int? asked)
    {
        if (asked is { } v && v != current.Current.Version)
        {
            throw new ProblemException(409, "stale_version", ReportMessages.StaleVersionTitle, ReportMessages.StaleVersion(v, current.Current.Version));
        }
        if (current.Current.Returned is { } r)
        {
            throw new ProblemException(409, "already_returned", ReportMessages.AlreadyReturnedTitle, ReportMessages.AlreadyReturned(current.Current.Version, r.Reason));
        }
    }

    // The return's body: {"reason": "...", "version": 2} as JSON, or the same fields as a form.
    private static async Task<(string Reason, int? Version)> ReadReturnAsync(IncomingForm form, CancellationToken ct)
    {
        var errors = new FieldErrors();
        string? reasonText = null, versionText = null;
        if (form.Format == FormFormat.Json)
        {
            await form.ReadToEndAsync(ct);
            var root = form.Json!.Value;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                errors.Add("body", "请求内容应为一个JSON对象");
            }
            else
            {
                foreach (var p in root.EnumerateObject())
                {
                    switch (p.Name, p.Value.ValueKind)
                    {
                        case ("reason", System.Text.Json.JsonValueKind.String):
                            reasonText = p.Value.GetString();
                            break;
                        case ("version", System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String):
                            versionText = p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
                            break;
                        case ("reason" or "version", System.Text.Json.JsonValueKind.Null):
                            break;
                        case ("reason", _):
                            errors.Add("reason", ReportMessages.NotAnObject("reason"));
                            break;
                        case ("version", _):
                            errors.Add("version", ReportMessages.ReturnVersionMessage);
                            break;
                        default:
                            errors.Add(p.Name, ReportMessages.UnknownField(p.Name));
                            break;
                    }
                }
            }
        }
        else if (form.Format is FormFormat.UrlEncoded or FormFormat.Multipart)
        {
            while (await form.NextFileAsync(ct) is { } file)
            {
                await file.Content.CopyToAsync(Stream.Null, ct);
            }
            reasonText = form.Fields.GetValueOrDefault("reason");
            versionText = form.Fields.GetValueOrDefault("version");
        }
        else
        {
            throw new ProblemException(415, "unsupported_media_type", "不支持的内容类型",
                $"退回修改请以 application/json、application/x-www-form-urlencoded 或 multipart/form-data 提交，收到“{FieldErrors.Echo(form.ContentType)}”。");
        }
        var reason = reasonText?.Trim() ?? "";
        if (reason.Length == 0)
        {
            errors.Add("reason", ReportMessages.Required(ReportMessages.ReturnReasonLabel));
        }
        else if (reason.Length > ReportMessages.MaxReturnReason)
        {
            errors.Add("reason", ReportMessages.TooLong(ReportMessages.ReturnReasonLabel, ReportMessages.MaxReturnReason));
        }
        TextPolicy.Check("reason", reason, errors);
        int? version = null;
        if (!string.IsNullOrWhiteSpace(versionText))
        {
            if (int.TryParse(versionText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 1)
            {
                version = v;
            }
            else
            {
                errors.Add("version", ReportMessages.ReturnVersionMessage);
            }
        }
        errors.ThrowIfAny("invalid_return", ReportMessages.InvalidReturnTitle);
        return (reason, version);
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
