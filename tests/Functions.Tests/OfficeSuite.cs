using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Governance.Functions.Tests;

/// <summary>One word on a PDF page, its box in points from the page's top-left corner.</summary>
public sealed record PdfWord(int Page, string Text, double XMin, double YMin, double XMax, double YMax)
{
    public double Width => XMax - XMin;

    /// <summary>The box height; about the font size, since poppler sizes a word's box from the font's em square.</summary>
    public double Height => YMax - YMin;
}

/// <summary>A PDF page size in points (A4 landscape is 842 × 595).</summary>
public sealed record PdfPageSize(double Width, double Height);

/// <summary>
/// Opens documents the way the bureau does: LibreOffice headless converts .docx/.xlsx to PDF, and
/// poppler-utils read the PDF back (pages, text, word boxes, a rendered PNG). Needs <c>soffice</c>
/// (Debian: libreoffice-writer-nogui, libreoffice-calc-nogui), fonts-wqy-microhei and poppler-utils;
/// <c>.ci/run</c> installs them.
/// </summary>
public static class OfficeSuite
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Converts a document to PDF. <paramref name="extension"/> is the file type LibreOffice picks
    /// its import filter by ("xlsx", "docx"). Each call uses its own LibreOffice profile, so parallel
    /// tests never wait on or corrupt each other's.
    /// </summary>
    public static async Task<byte[]> ToPdfAsync(byte[] document, string extension, CancellationToken ct = default)
    {
        var soffice = Find("soffice") ?? Find("libreoffice") ?? throw new InvalidOperationException(
            "LibreOffice (soffice) is not installed: the office-suite tests need it. On Debian: apt-get install -y --no-install-recommends " +
            "libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-microhei poppler-utils (.ci/run does this).");
        var work = Directory.CreateTempSubdirectory("office-");
        var profile = Path.Combine(Path.GetTempPath(), "lo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var input = Path.Combine(work.FullName, "document." + extension.TrimStart('.'));
            await File.WriteAllBytesAsync(input, document, ct);
            var outDir = Path.Combine(work.FullName, "out");
            Directory.CreateDirectory(outDir);
            var (code, output) = await RunAsync(soffice,
                ["-env:UserInstallation=" + new Uri(profile).AbsoluteUri, "--headless", "--norestore", "--nolockcheck",
                 "--convert-to", "pdf", "--outdir", outDir, input], ct);
            var pdf = Path.Combine(outDir, "document.pdf");
            if (code != 0 || !File.Exists(pdf))
            {
                throw new InvalidOperationException($"LibreOffice did not convert the .{extension} to PDF (exit {code}): {output}");
            }
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            TryDelete(work.FullName);
            TryDelete(profile);
        }
    }

    public static int PageCount(byte[] pdf)
    {
        var info = Poppler("pdfinfo", pdf, []);
        var match = Regex.Match(info, @"^Pages:\s+(\d+)", RegexOptions.Multiline);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("pdfinfo printed no page count: " + info);
    }

    /// <summary>The size of page <paramref name="page"/> (1-based), in points.</summary>
    public static PdfPageSize PageSize(byte[] pdf, int page = 1)
    {
        var info = Poppler("pdfinfo", pdf, ["-f", P(page), "-l", P(page)]);
        var match = Regex.Match(info, @"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", RegexOptions.Multiline);
        return match.Success
            ? new PdfPageSize(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException("pdfinfo printed no page size: " + info);
    }

    /// <summary>The text of one page (1-based), laid out as on the page (<c>pdftotext -layout</c>).</summary>
    public static string PageText(byte[] pdf, int page) => Poppler("pdftotext", pdf, ["-f", P(page), "-l", P(page), "-layout"], "-");

    /// <summary>Every word of every page with its box (<c>pdftotext -bbox-layout</c>).</summary>
    public static IReadOnlyList<PdfWord> Words(byte[] pdf)
    {
        var xhtml = Poppler("pdftotext", pdf, ["-bbox-layout"], "-");
        using var reader = XmlReader.Create(new StringReader(xhtml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var doc = XDocument.Load(reader);
        var words = new List<PdfWord>();
        var number = 0;
        foreach (var page in doc.Descendants().Where(e => e.Name.LocalName == "page"))
        {
            number++;
            foreach (var w in page.Descendants().Where(e => e.Name.LocalName == "word"))
            {
                double A(string name) => double.Parse(w.Attribute(name)!.Value, CultureInfo.InvariantCulture);
                words.Add(new PdfWord(number, w.Value, A("xMin"), A("yMin"), A("xMax"), A("yMax")));
            }
        }
        return words;
    }

    /// <summary>Renders one page (1-based) to a PNG at <paramref name="path"/> (<c>pdftoppm -png</c>).</summary>
    public static void RenderPng(byte[] pdf, int page, string path, int dpi = 80)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var root = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
        Poppler("pdftoppm", pdf, ["-png", "-r", P(dpi), "-f", P(page), "-l", P(page), "-singlefile"], root);
        if (!File.Exists(root + ".png"))
        {
            throw new InvalidOperationException("pdftoppm wrote no image");
        }
        if (root + ".png" != full)
        {
            File.Move(root + ".png", full, overwrite: true);
        }
    }

    private static string P(int n) => n.ToString(CultureInfo.InvariantCulture);

    // Runs a poppler tool on the PDF written to a temporary file; `output` goes after the input path.
    private static string Poppler(string tool, byte[] pdf, IReadOnlyList<string> options, string? output = null)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed: the office-suite tests need poppler-utils (apt-get install -y poppler-utils; .ci/run does this).");
        var file = Path.Combine(Path.GetTempPath(), "pdf-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            List<string> args = [.. options, file];
            if (output is not null)
            {
                args.Add(output);
            }
            var (code, text) = RunAsync(path, args, CancellationToken.None).GetAwaiter().GetResult();
            return code == 0 ? text : throw new InvalidOperationException($"{tool} failed (exit {code}): {text}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {Timeout.TotalSeconds:0} s");
        }
        var output = await stdout;
        var errors = await stderr;
        return (process.ExitCode, process.ExitCode == 0 ? output : output + errors);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A LibreOffice child still closing its profile; the temp directory is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
