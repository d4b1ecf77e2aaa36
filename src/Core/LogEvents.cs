using Microsoft.Extensions.Logging;

namespace Governance.Core;

/// <summary>
/// Log events that an alert matches (infra/main.bicep, failureQueries): the name is the EventId's
/// and is also written into the message, so a query finds it whichever column the logger put it in.
/// Renaming one breaks its alert; the infrastructure tests check the names against the template.
/// </summary>
public static class LogEvents
{
    /// <summary>A timer run of a job threw; the ledger keeps it running and the next tick retries it.</summary>
    public static readonly EventId JobFailed = new(5001, nameof(JobFailed));

    /// <summary>A notice used up its attempts and is now 推送失败: its unit was not told.</summary>
    public static readonly EventId NoticePushFailed = new(5002, nameof(NoticePushFailed));
}
