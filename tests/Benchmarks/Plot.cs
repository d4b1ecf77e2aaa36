using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Governance.Benchmarks;

/// <summary>
/// The dispatch's time and rows read, job against floor, as four small line charts in one SVG
/// (against assignments; against months of history), turned into a PNG by whatever converter the
/// machine has (rsvg-convert, ImageMagick, LibreOffice).
/// </summary>
public static class Plot
{
    private const int PanelWidth = 420;
    private const int PanelHeight = 260;
    private const int Margin = 60;

    public static string Svg(IReadOnlyList<RatioBenchmark.Row> bySize, IReadOnlyList<RatioBenchmark.Row> byMonths)
    {
        var width = 2 * (PanelWidth + Margin) + Margin;
        var height = 2 * (PanelHeight + Margin) + Margin;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        Panel(svg, Margin, Margin, "Dispatch time (ms) vs assignments, 12 months", "assignments",
            bySize.Select(r => (double)r.Assignments).ToList(), bySize.Select(r => r.ReadMs).ToList(), bySize.Select(r => r.FloorMs).ToList(), bySize.Select(r => r.NowMs).ToList());
        Panel(svg, 2 * Margin + PanelWidth, Margin, "Rows read vs assignments, 12 months", "assignments",
            bySize.Select(r => (double)r.Assignments).ToList(), bySize.Select(r => (double)r.NowRows).ToList(), bySize.Select(r => (double)r.FloorRows).ToList());
        var n = byMonths.Count > 0 ? byMonths[0].Assignments : 0;
        Panel(svg, Margin, 2 * Margin + PanelHeight, $"Dispatch time (ms) vs months of history, {n:N0} assignments", "months of history",
            byMonths.Select(r => (double)r.Months).ToList(), byMonths.Select(r => r.ReadMs).ToList(), byMonths.Select(r => r.FloorMs).ToList(), byMonths.Select(r => r.NowMs).ToList());
        Panel(svg, 2 * Margin + PanelWidth, 2 * Margin + PanelHeight, $"Rows read vs months of history, {n:N0} assignments", "months of history",
            byMonths.Select(r => (double)r.Months).ToList(), byMonths.Select(r => (double)r.NowRows).ToList(), byMonths.Select(r => (double)r.FloorRows).ToList());
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int left, int top, string title, string xLabel, IReadOnlyList<double> x, IReadOnlyList<double> now, IReadOnlyList<double> floor, IReadOnlyList<double>? job = null)
    {
        var c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<text x=\"{left}\" y=\"{top - 12}\" font-weight=\"bold\">{title}</text>\n");
        svg.Append(c, $"<rect x=\"{left}\" y=\"{top}\" width=\"{PanelWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#888\"/>\n");
        if (x.Count == 0)
        {
            return;
        }
        var xMax = x.Max();
        var yMax = Nice(Math.Max(Math.Max(now.Max(), floor.Max()), job is { Count: > 0 } ? job.Max() : 0));
        double X(double v) => left + v / xMax * (PanelWidth - 20) + 10;
        double Y(double v) => top + PanelHeight - v / yMax * (PanelHeight - 10);
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            svg.Append(c, $"<line x1=\"{left}\" x2=\"{left + PanelWidth}\" y1=\"{Y(v):0.0}\" y2=\"{Y(v):0.0}\" stroke=\"#eee\"/>\n");
            svg.Append(c, $"<text x=\"{left - 6}\" y=\"{Y(v) + 4:0.0}\" text-anchor=\"end\">{Short(v)}</text>\n");
        }
        foreach (var v in x)
        {
            svg.Append(c, $"<text x=\"{X(v):0.0}\" y=\"{top + PanelHeight + 16}\" text-anchor=\"middle\">{Short(v)}</text>\n");
        }
        svg.Append(c, $"<text x=\"{left + PanelWidth / 2}\" y=\"{top + PanelHeight + 34}\" text-anchor=\"middle\">{xLabel}</text>\n");
        Line(svg, x, now, X, Y, "#c0392b", job is null ? "dispatch read" : "dispatch read (StandingReader)", left + 10, top + 16);
        Line(svg, x, floor, X, Y, "#2471a3", "floor (assignments + the month, raw SDK)", left + 10, top + 32);
        if (job is not null)
        {
            Line(svg, x, job, X, Y, "#7d7d7d", "whole dispatch job (incl. .xlsx)", left + 10, top + 48);
        }
    }

    private static void Line(StringBuilder svg, IReadOnlyList<double> x, IReadOnlyList<double> y, Func<double, double> X, Func<double, double> Y, string colour, string label, int legendX, int legendY)
    {
        var c = CultureInfo.InvariantCulture;
        svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(colour).Append("\" points=\"")
            .AppendJoin(' ', x.Select((v, i) => string.Create(c, $"{X(v):0.0},{Y(y[i]):0.0}"))).Append("\"/>\n");
        for (var i = 0; i < x.Count; i++)
        {
            svg.Append(c, $"<circle cx=\"{X(x[i]):0.0}\" cy=\"{Y(y[i]):0.0}\" r=\"3\" fill=\"{colour}\"/>\n");
        }
        svg.Append(c, $"<line x1=\"{legendX}\" x2=\"{legendX + 18}\" y1=\"{legendY - 4}\" y2=\"{legendY - 4}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
        svg.Append(c, $"<text x=\"{legendX + 24}\" y=\"{legendY}\">{label}</text>\n");
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

    /// <summary>The PNG beside <paramref name="svg"/>, or null when no converter is installed.</summary>
    public static string? ToPng(string svg)
    {
        var png = Path.ChangeExtension(svg, ".png");
        var directory = Path.GetDirectoryName(Path.GetFullPath(svg))!;
        (string File, string[] Args)[] converters =
        [
            ("rsvg-convert", ["-o", png, svg]),
            ("convert", [svg, png]),
            ("soffice", ["--headless", "--convert-to", "png", "--outdir", directory, svg]),
        ];
        foreach (var (file, args) in converters)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true });
                process!.WaitForExit(TimeSpan.FromMinutes(1));
                if (process.ExitCode == 0 && File.Exists(png))
                {
                    return png;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed: try the next one.
            }
        }
        return null;
    }
}
