using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Governance.Core.Evidence;
using W = DocumentFormat.OpenXml.Wordprocessing;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Governance.Core.Tests.Evidence;

public sealed class FileSignatureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(31)]
    [InlineData(4096)]
    public void A_docx_and_an_xlsx_are_told_apart_however_the_bytes_are_split(int chunk)
    {
        // Large uncompressed entries first push "word/" and "xl/" headers across read boundaries.
        Assert.Equal(EvidenceFileKind.Docx, Observe(Zip("[Content_Types].xml", "docProps/app.xml", "word/document.xml"), chunk));
        Assert.Equal(EvidenceFileKind.Xlsx, Observe(Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), chunk));
    }

    [Fact]
    public void A_zip_without_word_or_xl_entries_is_no_accepted_kind()
    {
        Assert.Null(Observe(Zip("readme.txt", "worded/x.txt", "xlsx/y.txt"), 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(4096)]
    public void A_docx_and_an_xlsx_written_by_the_open_xml_sdk_are_accepted(int chunk)
    {
        Assert.Equal(EvidenceFileKind.Docx, Observe(RealDocx(), chunk));
        Assert.Equal(EvidenceFileKind.Xlsx, Observe(RealXlsx(), chunk));
    }

    [Fact]
    public void A_zip_needs_the_content_types_and_the_real_main_part_to_count_as_office()
    {
        // One "word/" or "xl/" entry used to be enough.
        Assert.Null(Observe(Zip("word/x.txt"), 7));
        Assert.Null(Observe(Zip("[Content_Types].xml", "word/x.txt"), 7));
        Assert.Null(Observe(Zip("[Content_Types].xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"), 7));
        Assert.Null(Observe(Zip("word/document.xml"), 7));
        Assert.Null(Observe(Zip("xl/workbook.xml", "_rels/.rels"), 7));
        Assert.Null(Observe(Zip("[Content_Types].xml", "word/document.xml.bak"), 7));
        Assert.Null(Observe(Zip("[Content_Types].xml", "other/word/document.xml"), 7));
    }

    [Fact]
    public void Text_is_refused_after_its_first_eight_bytes_while_images_and_pdf_are_recognised()
    {
        var text = new FileSignature();
        text.Observe("这不是图片"u8);
        Assert.True(text.IsRefused);

        Assert.Equal(EvidenceFileKind.Jpeg, Observe([0xFF, 0xD8, 0xFF, 0xDB, 1, 2, 3, 4, 5], 2));
        Assert.Equal(EvidenceFileKind.Png, Observe([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], 3));
        Assert.Equal(EvidenceFileKind.Pdf, Observe("%PDF-1.4\n"u8.ToArray(), 1));
        Assert.Null(Observe("%PDF"u8.ToArray(), 1));
    }

    private static EvidenceFileKind? Observe(byte[] bytes, int chunk)
    {
        var signature = new FileSignature();
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            signature.Observe(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }
        return signature.Kind;
    }

    private static byte[] RealDocx()
    {
        using var buffer = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            doc.AddMainDocumentPart().Document = new W.Document(new W.Body(new W.Paragraph(new W.Run(new W.Text("会议纪要")))));
        }
        return buffer.ToArray();
    }

    private static byte[] RealXlsx()
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new S.Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new S.Worksheet(new S.SheetData());
            workbook.Workbook.AppendChild(new S.Sheets(new S.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "台账" }));
        }
        return buffer.ToArray();
    }

    private static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                s.Write(Encoding.UTF8.GetBytes(new string('x', 997) + name));
            }
        }
        return buffer.ToArray();
    }
}
