using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Governance.Core.Storage;

namespace Governance.Core.Documents;

/// <summary>
/// 发文字号 numbers (table DocumentNumbers): one partition per year, a counter row (RowKey
/// <c>counter</c>, column <c>Last</c>) and one row per document key (e.g. <c>bulletin|2023-Q4</c>,
/// column <c>Number</c>). A document gets the next free number of its year the first time it is
/// compiled and keeps it on every re-run: the counter and the document's row are written in one
/// partition transaction guarded by the counter's ETag, so two racing compilations never hand out
/// the same number nor give one document two.
/// </summary>
public sealed class DocumentNumbers(GovernanceStorage storage)
{
    public const string CounterRow = "counter";

    /// <summary>The number of <paramref name="documentKey"/> in <paramref name="year"/>, given now if it has none.</summary>
    public async Task<int> NumberAsync(int year, string documentKey, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentKey);
        var table = await storage.TableAsync(StorageNames.DocumentNumbersTable, ct);
        var partition = year.ToString("D4", CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            var given = await table.GetEntityIfExistsAsync<TableEntity>(partition, documentKey, cancellationToken: ct);
            if (given.HasValue && given.Value is { } kept)
            {
                return kept.GetInt32("Number") ?? throw new InvalidOperationException($"DocumentNumbers {partition}/{documentKey} has no Number.");
            }
            var counter = await table.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: ct);
            var last = counter.HasValue && counter.Value is { } c ? c.GetInt32("Last") ?? 0 : 0;
            var next = last + 1;
            var counterRow = new TableEntity(partition, CounterRow) { ["Last"] = next };
            TableTransactionAction[] actions =
            [
                counter.HasValue && counter.Value is { } found
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, counterRow, found.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, counterRow),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, documentKey) { ["Number"] = next }),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 10)
            {
                // Another compilation took a number (or this very document's) between the reads and the
                // write: read again — the document's own row, if it won, is returned as is.
            }
        }
    }

    /// <summary>发文字号 as GB/T 9704 writes it: 东民发〔2024〕3号.</summary>
    public static string Format(string prefix, int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}〔{year}〕{number}号");
}
