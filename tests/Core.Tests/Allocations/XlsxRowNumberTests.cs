using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Governance.Core.Allocations;

namespace Governance.Core.Tests.Allocations;

/// <summary>Worksheets written by Excel itself, which leaves out blank rows entirely rather than writing empty ones.</summary>
public sealed class XlsxRowNumberTests
{
    [Fact]
    public void Rows_keep_their_spreadsheet_numbers_across_missing_rows()
    {
        using var ms = new MemoryStream();
        // The header sits in row 3 and rows 5-6 are absent from the XML.
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            Row R(uint i, params string[] v) { var r = new Row { RowIndex = i }; for (int k = 0; k < v.Length; k++) r.Append(new Cell { CellReference = $"{(char)('A' + k)}{i}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v[k])) }); return r; }
            data.Append(R(3, "责任单位", "承接项目社区", "分配金额"), R(4, "罕台镇", "田园社区", "15万元"), R(7, "兴胜街道办事处", "新园社区", "十万"));
            ws.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "Sheet1" }));
        }
        var t = AllocationTableReader.Read(new MemoryStream(ms.ToArray()), null);
        Assert.Equal([(4, "田园社区")], t.Rows.Select(r => (r.Row, r.Community)));
        var error = Assert.Single(t.Errors);
        Assert.Equal("第7行“分配金额”无法识别：“十万”。请写成“15万元”“150000元”或“150000”", error.Message);
    }
}
