namespace Governance.Core.Jobs;

/// <summary>How the timer's jobs run (configuration section "Jobs").</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// The first day whose periods the timer catches up on. Empty means the earliest programme
    /// start date (<c>Programme:StartDates</c>, 2023-05-19), so a fresh deployment compiles every
    /// period of the programme; moving it forward shortens each tick's ledger read.
    /// </summary>
    public DateOnly? Since { get; set; }

    /// <summary>
    /// How many programme years an assignment can stay active across: a 北疆示范社区 assignment
    /// runs a year from its start, so a month is reached by its own year's and the previous
    /// year's assignments. The dispatch reads that many Assignments partitions.
    /// </summary>
    public int ProgrammeYearsSpanned { get; set; } = 2;
}
