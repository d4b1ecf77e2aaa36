using Governance.Core.Documents;
using Governance.Core.Evidence;

namespace Governance.Core.Tests.Evidence;

public sealed class ArchiveNamesTests
{
    private const string Fallback = "证明材料-1a2b3c4d";

    [Theory]
    [InlineData("evil.html", EvidenceFileKind.Jpeg, "evil.jpg")]
    [InlineData("run.cmd", EvidenceFileKind.Pdf, "run.pdf")]
    [InlineData("photo.JPEG", EvidenceFileKind.Jpeg, "photo.JPEG")]
    [InlineData("照片.Jpg", EvidenceFileKind.Jpeg, "照片.Jpg")]
    [InlineData("会议纪要.docm", EvidenceFileKind.Docx, "会议纪要.docx")]
    [InlineData("台账", EvidenceFileKind.Xlsx, "台账.xlsx")]
    [InlineData("2024.03.15 活动", EvidenceFileKind.Png, "2024.03.15 活动.png")]
    [InlineData("a.b.html", EvidenceFileKind.Png, "a.b.png")]
    [InlineData("说明.html", null, "说明.html")]
    public void A_name_takes_the_extension_of_the_sniffed_kind(string name, EvidenceFileKind? kind, string expected) =>
        Assert.Equal(expected, ArchiveNames.FileName(name, kind, Fallback));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData(".jpg")]
    [InlineData("CON")]
    [InlineData("con.jpg")]
    [InlineData("NUL.tar.gz")]
    [InlineData("Aux .txt")]
    [InlineData("COM1.jpg")]
    [InlineData("lpt9")]
    [InlineData("a/..")]
    [InlineData("\u202E")]
    public void Empty_dots_only_and_reserved_names_become_a_generated_name(string name) =>
        Assert.Equal(Fallback + ".jpg", ArchiveNames.FileName(name, EvidenceFileKind.Jpeg, Fallback));

    [Theory]
    [InlineData("../../etc/照片.jpg", "照片.jpg")]
    [InlineData("C:\\Users\\李明\\照片.jpg", "照片.jpg")]
    [InlineData("gpj.\u202Eevil.jpg", "gpj.evil.jpg")]
    [InlineData("a\u0001b\tc.jpg", "ab_c.jpg")]
    [InlineData("a:b*c?.jpg", "a_b_c_.jpg")]
    [InlineData("照片. .jpg", "照片.jpg")]
    [InlineData("COM10.jpg", "COM10.jpg")]
    [InlineData("CONSOLE.jpg", "CONSOLE.jpg")]
    public void Path_segments_controls_and_characters_windows_refuses_are_removed(string name, string expected) =>
        Assert.Equal(expected, ArchiveNames.FileName(name, EvidenceFileKind.Jpeg, Fallback));

    [Fact]
    public void A_long_name_is_cut_keeping_its_extension_and_no_half_character()
    {
        var name = ArchiveNames.FileName(new string('长', 195) + "😀😀.html", EvidenceFileKind.Pdf, Fallback);
        Assert.Equal(ArchiveNames.MaxLength - 1, name.Length);
        Assert.EndsWith("长.pdf", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.html")]
    [InlineData("..")]
    [InlineData("CON.jpg")]
    [InlineData("  照片 .jpeg ")]
    [InlineData("x\u202E.\u0007jpg")]
    public void The_rule_applied_twice_changes_nothing(string name)
    {
        var once = ArchiveNames.FileName(name, EvidenceFileKind.Jpeg, Fallback);
        Assert.Equal(once, ArchiveNames.FileName(once, EvidenceFileKind.Jpeg, Fallback));
    }

    [Fact]
    public void A_stored_record_is_named_by_its_content_type_and_id()
    {
        var record = new EvidenceRecord("2023-1a2b3c4d.0123456789abcdef0123", "2023-1a2b3c4d", "..", "BJ-3", "2023-06", null,
            10, "", "image/png", "b", "兴胜街道办事处", DateTimeOffset.UnixEpoch);
        Assert.Equal("证明材料-01234567.png", ArchiveNames.FileName(record));
        Assert.Equal("证明材料-01234567.png", ArchiveNames.FileName(record with { FileName = "PRN.png" }));
        Assert.Equal("a.png", ArchiveNames.FileName(record with { FileName = "a.exe\u0000" }));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+1", "'+1")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("a=1", "a=1")]
    [InlineData("2023-06", "2023-06")]
    [InlineData("1,5", "\"1,5\"")]
    [InlineData("", "")]
    public void A_csv_cell_is_never_a_formula_and_is_quoted_when_needed(string value, string expected) =>
        Assert.Equal(expected, ArchiveNames.Csv(value));
}
