namespace Governance.Core.Jobs;

/// <summary>What one run of a job did: a Chinese summary, the documents written, the notices created by this run.</summary>
public sealed record JobOutcome(string Summary, IReadOnlyList<string> Documents, int NoticesCreated);
