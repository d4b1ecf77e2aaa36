using Governance.Core.Documents;

namespace Governance.Functions.Tests;

/// <summary>The office-suite harness itself: a sheet goes through LibreOffice and comes back as words on an A4 page.</summary>
public sealed class OfficeSuiteTests
{
    [Fact]
    public async Task A_sheet_converted_by_LibreOffice_reads_back_as_words_on_a_landscape_page()
    {
        var xlsx = new XlsxBuilder("表", [20, 20]);
        xlsx.Banner("调度表标题", XlsxStyle.Title);
        xlsx.Add([new XlsxBuilder.Text("罕台镇"), new XlsxBuilder.Number(12.5m, XlsxStyle.Money)]);

        var pdf = await OfficeSuite.ToPdfAsync(xlsx.Build(), "xlsx");

        Assert.Equal(1, OfficeSuite.PageCount(pdf));
        var size = OfficeSuite.PageSize(pdf, 1);
        Assert.Equal((842, 595), ((int)Math.Round(size.Width), (int)Math.Round(size.Height)));
        Assert.Contains("调度表标题", OfficeSuite.PageText(pdf, 1));
        var words = OfficeSuite.Words(pdf);
        var unit = Assert.Single(words, w => w.Text == "罕台镇");
        Assert.Equal(1, unit.Page);
        Assert.InRange(unit.Height, 9, 16);
        Assert.Contains(words, w => w.Text == "12.50");
        var png = Path.Combine(Path.GetTempPath(), $"office-{Guid.NewGuid():N}.png");
        OfficeSuite.RenderPng(pdf, 1, png, 40);
        Assert.True(new FileInfo(png).Length > 0);
        File.Delete(png);
    }
}
