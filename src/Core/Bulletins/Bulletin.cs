using Governance.Core.Periods;
using Governance.Core.Standing;
using Governance.Core.Reports;

namespace Governance.Core.Bulletins;

/// <summary>One assignment in the bulletin's ranked table, with the figures the ranking and the verdict used.</summary>
public sealed record BulletinEntry(
    int Rank,
    string AssignmentId,
    string Unit,
    string Community,
    string Task,
    int RequirementsMet,
    int RequirementsTotal,
    decimal MetShare,
    decimal ElapsedShare,
    decimal ExecutionRate,
    int OnTimeReports,
    int ReportsDue,
    int MissingReports,
    string Standing,
    IReadOnlyList<string> BehindReasons);

/// <summary>The quarterly bulletin (季通报), compiled after the quarter's last dispatch.</summary>
public sealed record Bulletin(
    string Quarter,
    string Title,
    string Addressees,
    string Opening,
    string Overall,
    string RankingRule,
    string BehindRule,
    IReadOnlyList<BulletinEntry> Entries,
    string Praise,
    string Criticism,
    string Requirements,
    string IssuingAuthority,
    string IssuedOn,
    DateTimeOffset CompiledAt)
{
    public static Bulletin Compile(QuarterPeriod q, IReadOnlyList<AssignmentStanding> progress, BulletinOptions o, DateOnly issuedOn, DateTimeOffset compiledAt)
    {
        var entries = progress.Select(p => Entry(q, p, o))
            .OrderByDescending(e => e.MetShare).ThenByDescending(e => e.ExecutionRate).ThenByDescending(e => e.OnTimeReports)
            .Select((e, i) => e with { Rank = i + 1 })
            .ToList();
        string Item(BulletinEntry e) => BulletinTexts.Item(e.Unit, e.Community, e.Task,
            BulletinTexts.Figures(e.RequirementsMet, e.RequirementsTotal, e.ExecutionRate, e.OnTimeReports, e.ReportsDue) +
            (e.BehindReasons.Count > 0 ? "；" + string.Join("，", e.BehindReasons) : ""));
        var allocation = progress.Sum(p => p.Assignment.AllocationYuan);
        var spent = progress.Sum(p => p.CumulativeSpend);
        var rate = allocation == 0 ? 0m : Math.Round(spent / allocation, 4, MidpointRounding.AwayFromZero);
        var units = progress.Select(p => p.Assignment.Unit).Distinct(StringComparer.Ordinal).ToList();
        return new Bulletin(q.ToString(), BulletinTexts.Title(q), BulletinTexts.Addressees(units), BulletinTexts.Opening(q),
            BulletinTexts.Overall(entries.Count, allocation, spent, rate, entries.Sum(e => e.OnTimeReports), entries.Sum(e => e.ReportsDue), entries.Count(e => e.Standing == BulletinTexts.Behind)),
            BulletinTexts.RankingRule, BulletinTexts.BehindRule(o.BehindGapPoints, o.LowExecutionRate, o.LowRateAfterElapsed),
            entries,
            BulletinTexts.Praise(entries.Where(e => e.Standing == BulletinTexts.Ahead).Select(Item).ToList()),
            BulletinTexts.Criticism(entries.Where(e => e.Standing == BulletinTexts.Behind).Select(Item).ToList()),
            BulletinTexts.Requirements, o.IssuingAuthority, BulletinTexts.IssuedOn(issuedOn), BeijingTime.ToBeijing(compiledAt));
    }

    private static BulletinEntry Entry(QuarterPeriod q, AssignmentStanding p, BulletinOptions o)
    {
        var a = p.Assignment;
        var months = q.Months.Where(m => Assignments.ReportingPeriods.IsActiveIn(a, m)).ToList();
        var onTime = months.Count(m => p.ReportFor(m)?.FirstTimeliness == Timeliness.OnTime);
        var missing = months.Count(m => p.ReportFor(m) is null);
        var span = a.Deadline.DayNumber - a.StartDate.DayNumber + 1;
        var elapsedDays = Math.Clamp(Math.Min(q.LastDay.DayNumber, a.Deadline.DayNumber) - a.StartDate.DayNumber + 1, 0, span);
        var elapsed = span <= 0 ? 1m : Math.Round((decimal)elapsedDays / span, 4, MidpointRounding.AwayFromZero);
        var met = p.ProgressShare;
        var reasons = new List<string>();
        if (missing > 0)
        {
            reasons.Add(BulletinTexts.MissingReports(missing));
        }
        if (met * 100m < elapsed * 100m - o.BehindGapPoints)
        {
            reasons.Add(BulletinTexts.MetGap(met, elapsed));
        }
        if (elapsed >= o.LowRateAfterElapsed && p.ExecutionRate < o.LowExecutionRate)
        {
            reasons.Add(BulletinTexts.LowRate(p.ExecutionRate));
        }
        var standing = reasons.Count > 0 ? BulletinTexts.Behind : met >= elapsed && onTime == months.Count ? BulletinTexts.Ahead : BulletinTexts.Normal;
        return new BulletinEntry(0, a.Id, a.Unit, a.Community, Programme.ProgrammeNames.ChineseName(a.TaskType), p.Done, p.Total,
            met, elapsed, p.ExecutionRate, onTime, months.Count, missing, standing, reasons);
    }
}
