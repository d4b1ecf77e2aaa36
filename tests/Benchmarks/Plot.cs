using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Governance.Benchmarks;

/// <summary>
/// The dispatch's time and rows read, read against floor (and the whole job), as four small line
/// charts on one page: against assignments, against months of history. Written as a one-page PDF by
/// hand (lines and Helvetica text need nothing installed) and turned into a PNG by poppler's
/// <c>pdftoppm</c> when it is there.
/// </summary>
public static class Plot
{
    private const int PanelWidth = 420;
    private const int PanelHeight = 260;
    private const int Margin = 60;
    private const int Width = 2 * (PanelWidth + Margin) + Margin;
    private const int Height = 2 * (PanelHeight + Margin) + Margin;

    public static byte[] Pdf(IReadOnlyList<RatioBenchmark.Row> bySize, IReadOnlyList<RatioBenchmark.Row> byMonths)
    {
        var page = new Canvas();
        Panel(page, Margin, Margin, "Dispatch time (ms) vs assignments, 12 months of history", "assignments",
            bySize.Select(r => (double)r.Assignments).ToList(), bySize.Select(r => r.ReadMs).ToList(), bySize.Select(r => r.FloorMs).ToList(), bySize.Select(r => r.NowMs).ToList());
        Panel(page, 2 * Margin + PanelWidth, Margin, "Rows read vs assignments, 12 months of history", "assignments",
            bySize.Select(r => (double)r.Assignments).ToList(), bySize.Select(r => (double)r.NowRows).ToList(), bySize.Select(r => (double)r.FloorRows).ToList());
        var n = byMonths.Count > 0 ? byMonths[0].Assignments : 0;
        Panel(page, Margin, 2 * Margin + PanelHeight, $"Dispatch time (ms) vs months of history, {n:N0} assignments", "months of history",
            byMonths.Select(r => (double)r.Months).ToList(), byMonths.Select(r => r.ReadMs).ToList(), byMonths.Select(r => r.FloorMs).ToList(), byMonths.Select(r => r.NowMs).ToList());
        Panel(page, 2 * Margin + PanelWidth, 2 * Margin + PanelHeight, $"Rows read vs months of history, {n:N0} assignments", "months of history",
            byMonths.Select(r => (double)r.Months).ToList(), byMonths.Select(r => (double)r.NowRows).ToList(), byMonths.Select(r => (double)r.FloorRows).ToList());
        return page.ToPdf();
    }

    /// <summary>The plot of a dispatch-ratios.csv as <see cref="RatioBenchmark"/> writes it; the months axis at the size with most month counts.</summary>
    public static byte[] FromCsv(IReadOnlyList<string> lines)
    {
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => new RatioBenchmark.Row(f[0],
            int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture),
            double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture),
            long.Parse(f[8], CultureInfo.InvariantCulture), long.Parse(f[9], CultureInfo.InvariantCulture),
            int.Parse(f[10], CultureInfo.InvariantCulture), int.Parse(f[11], CultureInfo.InvariantCulture), double.Parse(f[12], CultureInfo.InvariantCulture), "")).ToList();
        var size = rows.GroupBy(r => r.Assignments).MaxBy(g => g.Count())!.Key;
        return Pdf(rows.Where(r => r.Months == 12).OrderBy(r => r.Assignments).ToList(), rows.Where(r => r.Assignments == size).OrderBy(r => r.Months).ToList());
    }

    private static void Panel(Canvas page, int left, int top, string title, string xLabel, IReadOnlyList<double> x, IReadOnlyList<double> now, IReadOnlyList<double> floor, IReadOnlyList<double>? job = null)
    {
        page.Text(left, top - 12, title, 11);
        page.Rect(left, top, PanelWidth, PanelHeight, "0.55 0.55 0.55");
        if (x.Count == 0)
        {
            return;
        }
        var xMax = x.Max();
        var yMax = Nice(Math.Max(Math.Max(now.Max(), floor.Max()), job is { Count: > 0 } ? job.Max() : 0));
        double X(double v) => left + v / xMax * (PanelWidth - 30) + 15;
        double Y(double v) => top + PanelHeight - v / yMax * (PanelHeight - 10);
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            page.Line(left, Y(v), left + PanelWidth, Y(v), "0.92 0.92 0.92", 0.8);
            page.Text(left - 6, Y(v) + 4, Short(v), 10, anchor: 1);
        }
        foreach (var v in x)
        {
            page.Text(X(v), top + PanelHeight + 16, Short(v), 10, anchor: 0.5);
        }
        page.Text(left + PanelWidth / 2, top + PanelHeight + 34, xLabel, 10, anchor: 0.5);
        Series(page, x, now, X, Y, "0.75 0.22 0.17", job is null ? "dispatch read (rows)" : "dispatch read (StandingReader.ActiveAsync)", left + 10, top + 16);
        Series(page, x, floor, X, Y, "0.14 0.44 0.64", "floor: assignments + the month, raw SDK", left + 10, top + 32);
        if (job is not null)
        {
            Series(page, x, job, X, Y, "0.45 0.45 0.45", "whole dispatch job (incl. .xlsx/.html/.json, notices)", left + 10, top + 48);
        }
    }

    private static void Series(Canvas page, IReadOnlyList<double> x, IReadOnlyList<double> y, Func<double, double> X, Func<double, double> Y, string colour, string label, int legendX, int legendY)
    {
        for (var i = 1; i < x.Count; i++)
        {
            page.Line(X(x[i - 1]), Y(y[i - 1]), X(x[i]), Y(y[i]), colour, 2);
        }
        for (var i = 0; i < x.Count; i++)
        {
            page.Dot(X(x[i]), Y(y[i]), colour);
        }
        page.Line(legendX, legendY - 4, legendX + 18, legendY - 4, colour, 2);
        page.Text(legendX + 24, legendY, label, 10);
    }

    private static double Nice(double max)
    {
        if (max <= 0)
        {
            return 1;
        }
        var step = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * step >= max)
            {
                return m * step;
            }
        }
        return 10 * step;
    }

    private static string Short(double v) =>
        v >= 1000 ? (v / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The PNG beside <paramref name="pdf"/> (poppler's pdftoppm), or null when it is not installed.</summary>
    public static string? ToPng(string pdf)
    {
        var stem = Path.ChangeExtension(pdf, null);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "110", "-singlefile", pdf, stem]) { RedirectStandardError = true });
            process!.WaitForExit(TimeSpan.FromMinutes(1));
            return process.ExitCode == 0 && File.Exists(stem + ".png") ? stem + ".png" : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A page in top-left coordinates (points), drawn as PDF operators.</summary>
    private sealed class Canvas
    {
        private readonly StringBuilder _ops = new();

        private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        public void Line(double x1, double y1, double x2, double y2, string rgb, double width) =>
            _ops.Append(CultureInfo.InvariantCulture, $"{rgb} RG {F(width)} w {F(x1)} {F(Height - y1)} m {F(x2)} {F(Height - y2)} l S\n");

        public void Rect(double x, double y, double w, double h, string rgb) =>
            _ops.Append(CultureInfo.InvariantCulture, $"{rgb} RG 0.8 w {F(x)} {F(Height - y - h)} {F(w)} {F(h)} re S\n");

        public void Dot(double x, double y, string rgb) =>
            _ops.Append(CultureInfo.InvariantCulture, $"{rgb} rg {F(x - 2.5)} {F(Height - y - 2.5)} 5 5 re f\n");

        // anchor: 0 left, 0.5 centre, 1 right; Helvetica's average width is about half its size.
        public void Text(double x, double y, string text, double size, double anchor = 0)
        {
            var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
            var left = x - anchor * text.Length * size * 0.5;
            _ops.Append(CultureInfo.InvariantCulture, $"0 0 0 rg BT /F1 {F(size)} Tf {F(left)} {F(Height - y)} Td ({escaped}) Tj ET\n");
        }

        public byte[] ToPdf()
        {
            var content = Encoding.ASCII.GetBytes(_ops.ToString());
            var objects = new[]
            {
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Width} {Height}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                $"<< /Length {content.Length} >>\nstream\n{Encoding.ASCII.GetString(content)}endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            };
            var pdf = new StringBuilder("%PDF-1.4\n");
            var offsets = new List<int>();
            for (var i = 0; i < objects.Length; i++)
            {
                offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
                pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
            }
            var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
            pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
            foreach (var o in offsets)
            {
                pdf.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
            }
            pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            return Encoding.ASCII.GetBytes(pdf.ToString());
        }
    }
}
