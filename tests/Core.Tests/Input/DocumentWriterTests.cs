using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Governance.Core.Documents;

namespace Governance.Core.Tests.Input;

/// <summary>Text stored before the text policy existed never makes a writer throw; it comes out cleaned.</summary>
public sealed class DocumentWriterTests
{
    private static readonly string Stored = "完成\u0001设计" + (char)0xD800 + "\u202E倒序\uFFFF";

    [Fact]
    public void The_xlsx_writer_cleans_controls_lone_surrogates_and_bidi_overrides()
    {
        var xlsx = new XlsxBuilder("调度表", [20, 40]);
        xlsx.Banner(Stored, XlsxStyle.Text);
        xlsx.Add([new XlsxBuilder.Text("罕台镇"), new XlsxBuilder.Text(Stored)]);
        var bytes = xlsx.Build();

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var texts = doc.WorkbookPart!.WorksheetParts.Single().Worksheet!.Descendants<Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal(["完成设计\uFFFD倒序", "罕台镇", "完成设计\uFFFD倒序"], texts);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc));
    }

    [Fact]
    public void The_html_encoder_cleans_before_it_escapes()
    {
        Assert.Equal("完成设计\uFFFD倒序&lt;b&gt;", HtmlPage.Encode(Stored + "<b>"));
    }
}
