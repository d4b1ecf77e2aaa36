using Governance.Core.Backups;
using Microsoft.Azure.Functions.Worker;

namespace Governance.Functions;

public sealed class BackupFunctions(TableBackup backup)
{
    /// <summary>
    /// Nightly export of every table to the backups container (schedule: app setting BackupSchedule,
    /// UTC; 0 0 19 * * * is 03:00 in Beijing). A failure throws, so the run shows as failed.
    /// </summary>
    [Function("Backup")]
    public Task Backup([TimerTrigger("%BackupSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        _ = timer;
        return backup.BackupAsync(ct);
    }
}
