using Governance.Core.Assignments;
using Governance.Core.Documents;
using Governance.Core.Evaluation;
using Governance.Core.Input;
using Governance.Core.Periods;
using Governance.Core.Programme;
using Governance.Core.Reports;
using Governance.Core.Standing;

namespace Governance.Core.Bulletins;

/// <summary>
/// One assignment in the bulletin's ranked table, with the figures the ranking and the verdict used.
/// Every share, rate and outcome is read from <see cref="AssignmentStanding"/> and
/// <see cref="OutcomeRules"/> as at the quarter's end; nothing here computes them again.
/// </summary>
public sealed record BulletinEntry(
    int Rank,
    string AssignmentId,
    string Unit,
    string Community,
    string Task,
    int RequirementsDone,
    int RequirementsTotal,
    decimal ProgressShare,
    decimal TimeShare,
    decimal AllocationYuan,
    decimal CumulativeSpend,
    decimal ExecutionRate,
    bool AboveAllocation,
    int OnTimeReports,
    int LateReports,
    int ReportsDue,
    int MissingReports,
    IReadOnlyList<string> MissingMonths,
    bool EvaluatedAllPassed,
    DateOnly? CompletedOn,
    DateOnly? EvaluatedOn,
    string Outcome,
    string Verdict,
    string? CommendedFor,
    IReadOnlyList<string> CriticismReasons,
    string? Experience);

/// <summary>A paragraph of the bulletin's body: an optional run-in lead (楷体, e.g. "（一）抓好整改落实。") and the text.</summary>
public sealed record BulletinParagraph(string? Lead, string Text);

/// <summary>A numbered section (一、…) of the body; the ranked table follows the paragraphs of the section that has it.</summary>
public sealed record BulletinSection(string Heading, IReadOnlyList<BulletinParagraph> Paragraphs, bool HasTable = false);

/// <summary>
/// The quarterly bulletin (季通报), a formal document of the bureau (GB/T 9704-2012): masthead,
/// 发文字号, title naming the issuer, 主送机关, numbered sections, 落款 and 成文日期, and the 版记.
/// </summary>
public sealed record Bulletin(
    string Quarter,
    string Masthead,
    string DocumentNumber,
    string Title,
    string Addressees,
    string Opening,
    IReadOnlyList<BulletinSection> Sections,
    IReadOnlyList<BulletinEntry> Entries,
    DateOnly RectificationDeadline,
    string Issuer,
    string IssuedOn,
    string? CopyTo,
    string PrintedBy,
    string PrintedOn,
    DateTimeOffset CompiledAt)
{
    public static Bulletin Compile(
        QuarterPeriod q,
        IReadOnlyList<AssignmentStanding> standings,
        BulletinOptions o,
        ScheduleOptions schedule,
        string documentNumber,
        DateOnly issuedOn,
        DateTimeOffset compiledAt)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(schedule);
        var entries = standings.Select(s => Entry(q, s, o, schedule))
            .OrderByDescending(e => e.ProgressShare).ThenByDescending(e => e.ExecutionRate).ThenByDescending(e => e.OnTimeReports)
            .Select((e, i) => e with { Rank = i + 1 })
            .ToList();
        var byAssignment = standings.ToDictionary(s => s.Assignment.Id, StringComparer.Ordinal);
        var deadline = issuedOn.AddDays(o.RectificationDays);
        var units = entries.Select(e => e.Unit).Distinct(StringComparer.Ordinal).ToList();
        var allocation = standings.Sum(s => s.Assignment.AllocationYuan);
        var spent = standings.Sum(s => s.CumulativeSpend);

        var sections = new List<BulletinSection>
        {
            new(BulletinTexts.Heading(0, BulletinTexts.OverallHeading), [new(null, BulletinTexts.Overall(q, entries, allocation, spent, Standings.Rate(spent, allocation)))]),
            new(BulletinTexts.Heading(1, BulletinTexts.RankingHeading), [new(null, BulletinTexts.RankingRule(q.LastDay))], HasTable: true),
            new(BulletinTexts.Heading(2, BulletinTexts.CommendationHeading), Commendation(entries)),
            new(BulletinTexts.Heading(3, BulletinTexts.CriticismHeading), Criticism(entries, o)),
            new(BulletinTexts.Heading(4, BulletinTexts.ProblemsHeading), Problems(q, entries, byAssignment, o)),
            new(BulletinTexts.Heading(5, BulletinTexts.NextStepsHeading), BulletinTexts.NextSteps(o.Issuer, deadline, schedule.ReportDueDay)),
        };
        var copyTo = string.IsNullOrWhiteSpace(o.CopyTo) ? null : BulletinTexts.CopyTo(o.CopyTo);
        return new Bulletin(q.ToString(), o.Masthead, documentNumber, BulletinTexts.Title(o.Issuer, q), BulletinTexts.Addressees(units),
            BulletinTexts.Opening(o.Plan, q), sections, entries, deadline, o.Issuer, OfficialWording.Date(issuedOn),
            copyTo, o.PrintedBy, BulletinTexts.PrintedOn(issuedOn), BeijingTime.ToBeijing(compiledAt));
    }

    private static BulletinEntry Entry(QuarterPeriod q, AssignmentStanding s, BulletinOptions o, ScheduleOptions schedule)
    {
        var a = s.Assignment;
        var months = q.Months.Where(m => ReportingPeriods.IsActiveIn(a, m)).ToList();
        var onTime = months.Count(m => s.ReportFor(m)?.FirstTimeliness == Timeliness.OnTime);
        var missing = months.Where(m => s.ReportFor(m) is null).ToList();
        var late = months.Count - onTime - missing.Count;
        var outcome = OutcomeRules.Decide(a, s.Evaluation, s.Day, schedule);

        // An assignment evaluated all passed has done what the plan asks: it is never criticised,
        // whatever its reports or spending. Money is never a ground for criticism (the allocation is a subsidy).
        var reasons = new List<string>();
        if (!s.EvaluatedAllPassed)
        {
            if (missing.Count > 0)
            {
                reasons.Add(BulletinTexts.MissingReports(missing));
            }
            if (s.ProgressShare * 100m < s.TimeShare * 100m - o.BehindGapPoints)
            {
                reasons.Add(BulletinTexts.Gap(s.ProgressShare, s.TimeShare));
            }
        }
        string? commendedFor = s.EvaluatedAllPassed
            ? outcome.Kind is OutcomeKind.Early or OutcomeKind.OnTime ? outcome.Kind.ChineseName() : null
            : reasons.Count == 0 && s.ProgressShare >= s.TimeShare ? BulletinTexts.AheadOfTime : null;
        var verdict = reasons.Count > 0 ? BulletinTexts.Criticised : commendedFor is not null ? BulletinTexts.Commended : BulletinTexts.NoVerdict;
        return new BulletinEntry(0, a.Id, a.Unit, a.Community, a.TaskType.ChineseName(), s.Done, s.Total,
            s.ProgressShare, s.TimeShare, a.AllocationYuan, s.CumulativeSpend, s.ExecutionRate, s.AboveAllocation,
            onTime, late, months.Count, missing.Count, missing.Select(m => m.ToString()).ToList(),
            s.EvaluatedAllPassed, s.Evaluation?.CompletedOn, s.Evaluation?.EvaluatedOn, outcome.Kind.ChineseName(), verdict, commendedFor, reasons,
            s.EvaluatedAllPassed ? Experience(s.Evaluation) : null);
    }

    // 典型经验 recorded with the evaluation, if any.
    private static string? Experience(EvaluationRecord? evaluation)
    {
        var text = TextPolicy.Clean(evaluation?.Experience).Trim();
        return text.Length == 0 ? null : text;
    }

    private static List<BulletinParagraph> Commendation(IReadOnlyList<BulletinEntry> entries)
    {
        var evaluated = entries.Where(e => e.Verdict == BulletinTexts.Commended && e.EvaluatedAllPassed).ToList();
        var ahead = entries.Where(e => e.Verdict == BulletinTexts.Commended && !e.EvaluatedAllPassed).ToList();
        if (evaluated.Count + ahead.Count == 0)
        {
            return [new(null, BulletinTexts.NoneCommended)];
        }
        var paragraphs = new List<BulletinParagraph> { new(null, BulletinTexts.CommendationRule) };
        var sub = 0;
        if (evaluated.Count > 0)
        {
            paragraphs.Add(new(BulletinTexts.SubHeading(sub++, BulletinTexts.EvaluatedGroup), ""));
            paragraphs.AddRange(evaluated.Select(e => new BulletinParagraph(null, BulletinTexts.CommendEvaluated(e))));
        }
        if (ahead.Count > 0)
        {
            paragraphs.Add(new(BulletinTexts.SubHeading(sub, BulletinTexts.AheadGroup), ""));
            paragraphs.AddRange(ahead.Select(e => new BulletinParagraph(null, BulletinTexts.CommendAhead(e))));
        }
        return paragraphs;
    }

    private static List<BulletinParagraph> Criticism(IReadOnlyList<BulletinEntry> entries, BulletinOptions o)
    {
        var paragraphs = new List<BulletinParagraph> { new(null, BulletinTexts.CriticismRule(o.BehindGapPoints)) };
        var criticised = entries.Where(e => e.Verdict == BulletinTexts.Criticised).ToList();
        paragraphs.AddRange(criticised.Count == 0
            ? [new BulletinParagraph(null, BulletinTexts.NoneCriticised)]
            : criticised.Select(e => new BulletinParagraph(null, BulletinTexts.Criticise(e))));
        return paragraphs;
    }

    private static List<BulletinParagraph> Problems(QuarterPeriod q, IReadOnlyList<BulletinEntry> entries, IReadOnlyDictionary<string, AssignmentStanding> standings, BulletinOptions o)
    {
        var reported = new List<BulletinParagraph>();
        foreach (var e in entries)
        {
            var s = standings[e.AssignmentId];
            // The same problem reported month after month is said once, with its months.
            var problems = q.Months
                .Select(m => (Month: m, Text: ReportedProblem(s.ReportFor(m)?.Current.Content.Problems)))
                .Where(p => p.Text is not null)
                .GroupBy(p => p.Text!, StringComparer.Ordinal)
                .Select(g => (Months: g.Select(p => p.Month).ToList(), Text: g.Key))
                .ToList();
            if (problems.Count > 0)
            {
                reported.Add(new(null, BulletinTexts.ReportedProblems(e, problems)));
            }
        }
        var money = entries
            .Where(e => e.AboveAllocation || IsSlow(e))
            .Select(e => new BulletinParagraph(null, e.AboveAllocation ? BulletinTexts.AboveAllocation(e) : BulletinTexts.SlowSpending(e)))
            .ToList();
        if (reported.Count + money.Count == 0)
        {
            return [new(null, BulletinTexts.NoProblems)];
        }
        var paragraphs = new List<BulletinParagraph>();
        var sub = 0;
        if (reported.Count > 0)
        {
            paragraphs.Add(new(BulletinTexts.SubHeading(sub++, BulletinTexts.ReportedGroup), ""));
            paragraphs.AddRange(reported);
        }
        if (money.Count > 0)
        {
            paragraphs.Add(new(BulletinTexts.SubHeading(sub, BulletinTexts.MoneyGroup), BulletinTexts.MoneyNote));
            paragraphs.AddRange(money);
        }
        return paragraphs;

        bool IsSlow(BulletinEntry e) => e.ExecutionRate * 100m < e.TimeShare * 100m - o.SlowSpendingGapPoints;
    }

    /// <summary>A unit's 存在问题 worth printing: empty, "无" and the like say there is none.</summary>
    public static string? ReportedProblem(string? text)
    {
        var clean = TextPolicy.Clean(text).Trim().TrimEnd('。', '.', '；', ';', '，', ',').Trim();
        return clean.Length == 0 || NoProblem.Contains(clean) ? null : clean;
    }

    private static readonly HashSet<string> NoProblem = new(StringComparer.Ordinal) { "无", "暂无", "没有", "无问题", "暂无问题", "没有问题", "—", "-", "/", "无。" };
}
