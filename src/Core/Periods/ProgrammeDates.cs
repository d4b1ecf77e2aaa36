using Governance.Core.Programme;

namespace Governance.Core.Periods;

/// <summary>Programme-year settings (configuration section "Programme").</summary>
public sealed class ProgrammeOptions
{
    public const string Section = "Programme";

    /// <summary>
    /// The day assignments of a programme year start when the allocation gives none. 2023's is the
    /// date of the implementation plan; a year not listed starts on 1 January.
    /// </summary>
    public Dictionary<int, DateOnly> StartDates { get; set; } = new() { [2023] = new DateOnly(2023, 5, 19) };
}

/// <summary>The default start and deadline of an assignment, from the 2023 implementation plan.</summary>
public static class ProgrammeDates
{
    /// <summary>
    /// 城乡社区服务能力提升: evaluated at the end of the year (年底进行评估验收), so 31 December.
    /// 北疆示范社区创建: a one-year creation period (创建期限1年), so the day before the anniversary.
    /// </summary>
    public static DateOnly DefaultDeadline(TaskType type, int programmeYear, DateOnly start) => type switch
    {
        TaskType.ServiceCapacity => new DateOnly(programmeYear, 12, 31),
        TaskType.ModelCommunity => OneYearAnniversary(start).AddDays(-1),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static DateOnly DefaultStart(int programmeYear) => DefaultStart(programmeYear, new ProgrammeOptions());

    public static DateOnly DefaultStart(int programmeYear, ProgrammeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.StartDates.TryGetValue(programmeYear, out var start) ? start : new DateOnly(programmeYear, 1, 1);
    }

    // AddYears turns 29 February into 28 February, which would end a year that began on a leap
    // day two days early; a year from 29 February runs to the day before 1 March.
    private static DateOnly OneYearAnniversary(DateOnly start) =>
        start is { Month: 2, Day: 29 } ? new DateOnly(start.Year + 1, 3, 1) : start.AddYears(1);
}
