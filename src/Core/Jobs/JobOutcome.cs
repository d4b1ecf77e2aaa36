namespace Governance.Core.Jobs;

/// <summary>What one run of a job did: a Chinese summary, the documents written, the notices created by this run.</summary>
public sealed record JobOutcome(string Summary, IReadOnlyList<string> Documents, int NoticesCreated)
{
    /// <summary>
    /// The run found nothing active in its period. The ledger records it as <see cref="JobRun.Empty"/>,
    /// not done, so an import that later adds assignments to the period gets it compiled.
    /// </summary>
    public bool NothingActive { get; init; }

    public static JobOutcome Empty(string summary) => new(summary, [], 0) { NothingActive = true };
}
