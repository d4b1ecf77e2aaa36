using Governance.Core.Problems;

namespace Governance.Core.Jobs;

/// <summary>Refusals of POST /api/jobs/{job}/run and of the document reads.</summary>
public static class JobProblems
{
    public static ProblemException BadPeriod(string field, string? text, string example) =>
        new(400, "invalid_period", "期间格式有误", JobTexts.BadPeriod(text ?? "", example),
            new Dictionary<string, string[]> { [field] = [JobTexts.BadPeriod(text ?? "", example)] });

    public static ProblemException UnknownJob(string job) => new(404, "job_not_found", "没有这个任务", JobTexts.UnknownJob(job));

    public static ProblemException RemindersClosed(string month) => new(409, "reminders_closed", "已过报送截止时间", JobTexts.RemindersClosed(month));

    public static ProblemException BeforeProgramme(string period, int firstYear) =>
        new(400, "period_out_of_range", "期间早于工程开始", JobTexts.BeforeProgramme(period, firstYear),
            new Dictionary<string, string[]> { ["period"] = [JobTexts.BeforeProgramme(period, firstYear)] });

    public static ProblemException NotYetDue(string period) => new(409, "period_not_over", "期间尚未结束", JobTexts.NotYetDue(period));
}
