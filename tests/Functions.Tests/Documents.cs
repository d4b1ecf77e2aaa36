using Azure.Storage.Blobs;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Governance.Core;

namespace Governance.Functions.Tests;

/// <summary>Reads published documents back the way a clerk's Excel or Word would see them.</summary>
public static class Documents
{
    public static async Task<byte[]> DownloadAsync(TestApp app, string blobName)
    {
        var service = new BlobServiceClient(app.ConnectionString, new BlobClientOptions(GovernanceServices.BlobServiceVersion));
        var blob = service.GetBlobContainerClient((app.NamePrefix + "documents").ToLowerInvariant()).GetBlobClient(blobName);
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    /// <summary>The first sheet's cell texts by row number, as displayed values (numbers as stored).</summary>
    public static Dictionary<int, List<string>> Cells(byte[] xlsx, out Worksheet sheet, out Stylesheet styles) =>
        Cells(xlsx, null, out sheet, out styles);

    /// <summary>The cell texts of the sheet named <paramref name="sheetName"/> (the first sheet when null) by row number.</summary>
    public static Dictionary<int, List<string>> Cells(byte[] xlsx, string? sheetName, out Worksheet sheet, out Stylesheet styles)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var entry = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First(s => sheetName is null || s.Name == sheetName);
        var part = (WorksheetPart)doc.WorkbookPart.GetPartById(entry.Id!);
        sheet = (Worksheet)part.Worksheet.CloneNode(true);
        styles = (Stylesheet)doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.CloneNode(true);
        return sheet.Descendants<Row>().ToDictionary(
            r => (int)r.RowIndex!.Value,
            r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList());
    }

    /// <summary>
    /// Schema errors the OpenXml validator finds: what Excel or Word would refuse to open or
    /// offer to "repair". Empty for a well-formed document.
    /// </summary>
    public static IReadOnlyList<string> SchemaErrors(byte[] document, bool word)
    {
        using OpenXmlPackage package = word
            ? WordprocessingDocument.Open(new MemoryStream(document), false)
            : SpreadsheetDocument.Open(new MemoryStream(document), false);
        return new DocumentFormat.OpenXml.Validation.OpenXmlValidator()
            .Validate(package)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
    }

    public static string NumberFormatOf(Cell cell, Stylesheet styles)
    {
        var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        var id = format.NumberFormatId!.Value;
        return id == 4 ? "#,##0.00" : styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(n => n.NumberFormatId! == id)?.FormatCode?.Value ?? id.ToString();
    }
}
