namespace Governance.Core.Storage;

/// <summary>Every table and container the app uses; docs/storage.md describes keys and readers.</summary>
public static class StorageNames
{
    public const string AssignmentsTable = "Assignments";
    public const string UnitsTable = "Units";
    public const string ProgrammesTable = "Programmes";
    public const string TokensTable = "Tokens";
    public const string AuditTable = "Audit";
    public const string ReportsTable = "Reports";
    public const string ReportsByMonthTable = "ReportsByMonth";
    public const string NoticesTable = "Notices";
    public const string NoticesByRecipientTable = "NoticesByRecipient";
    public const string EvaluationsTable = "Evaluations";
    public const string ApplicationsTable = "Applications";

    public const string EvidenceTable = "Evidence";
    public const string NoticeDeliveriesTable = "NoticeDeliveries";
    public const string JobRunsTable = "JobRuns";
    public const string ProgrammeChangesTable = "ProgrammeChanges";
    public const string OutboxTable = "Outbox";
    public const string DocumentNumbersTable = "DocumentNumbers";
    public const string StandingSummariesTable = "StandingSummaries";

    public const string ImportsContainer = "imports";
    public const string DossiersContainer = "dossiers";
    public const string EvidenceContainer = "evidence";
    public const string EvidenceBundlesContainer = "evidence-bundles";
    public const string DocumentsContainer = "documents";
    public const string BackupsContainer = "backups";

    /// <summary>
    /// Every table above, read from the constants so a table added here is in the nightly backup
    /// (<see cref="Backups.TableBackup"/>) without a second list to forget.
    /// </summary>
    public static IReadOnlyList<string> AllTables { get; } = typeof(StorageNames)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name.EndsWith("Table", StringComparison.Ordinal))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();
}
