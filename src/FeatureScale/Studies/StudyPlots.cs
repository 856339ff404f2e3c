using System.Globalization;
using ScottPlot;

namespace FeatureScale.Studies;

/// <summary>One series of a study figure: points with optional symmetric or asymmetric y errors.</summary>
public sealed record PlotSeries(string Label, double[] X, double[] Y, double[]? YErrLow = null, double[]? YErrHigh = null,
    bool Line = true, bool Markers = true, bool Dashed = false);

/// <summary>
/// Minimal ScottPlot figures for studies (A_f vs P, P* vs size, collapse), written as PNG and SVG. Log axes plot
/// log10 of the data with decade labels and log-spaced minor ticks. (Kept small on purpose; the shared plotting
/// layer, Reporting/Plots, may replace it.)
/// </summary>
public static class StudyPlots
{
    /// <summary>Width and height of study figures in pixels.</summary>
    public const int Width = 720, Height = 480;

    /// <summary>
    /// Draws the series and writes basePath.png and basePath.svg. Errors on a log y axis are drawn in log space
    /// (from y−low to y+high). Non-finite or non-positive (on log axes) points are skipped.
    /// </summary>
    public static void Write(string basePath, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series,
        bool logX, bool logY, double? horizontalLine = null, string? horizontalLabel = null)
    {
        var plt = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int ci = 0;
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var s in series)
        {
            var color = palette.GetColor(ci++);
            var xs = new List<double>(); var ys = new List<double>(); var lo = new List<double>(); var hi = new List<double>();
            for (int i = 0; i < s.X.Length; i++)
            {
                double x = s.X[i], y = s.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y) || (logX && x <= 0) || (logY && y <= 0)) continue;
                double el = s.YErrLow?[i] ?? 0, eh = s.YErrHigh?[i] ?? s.YErrLow?[i] ?? 0;
                if (!double.IsFinite(el)) el = 0;
                if (!double.IsFinite(eh)) eh = 0;
                double tx = logX ? Math.Log10(x) : x, ty = logY ? Math.Log10(y) : y;
                xs.Add(tx); ys.Add(ty);
                xMin = Math.Min(xMin, tx); xMax = Math.Max(xMax, tx); yMin = Math.Min(yMin, ty); yMax = Math.Max(yMax, ty);
                if (logY) { lo.Add(y - el > 0 ? ty - Math.Log10(y - el) : 0); hi.Add(Math.Log10(y + eh) - ty); }
                else { lo.Add(el); hi.Add(eh); }
            }
            if (xs.Count == 0) continue;
            var sc = plt.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
            sc.LegendText = s.Label;
            sc.LineWidth = s.Line ? 2 : 0;
            sc.MarkerSize = s.Markers ? 7 : 0;
            if (s.Dashed) sc.LinePattern = LinePattern.Dashed;
            if (s.YErrLow is not null)
            {
                var eb = plt.Add.ErrorBar(xs, ys, lo);
                eb.YErrorNegative = lo;
                eb.YErrorPositive = hi;
                eb.Color = color;
            }
        }
        if (horizontalLine is { } h)
        {
            var line = plt.Add.HorizontalLine(logY ? Math.Log10(h) : h, 1, Colors.Gray, LinePattern.Dotted);
            if (horizontalLabel is not null) line.LegendText = horizontalLabel;
        }
        if (logX && double.IsFinite(xMin)) plt.Axes.Bottom.TickGenerator = LogTicks(xMin, xMax);
        if (logY && double.IsFinite(yMin)) plt.Axes.Left.TickGenerator = LogTicks(yMin, yMax);
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(basePath))!);
        Reporting.AtomicFile.WriteAllBytes(basePath + ".png", plt.GetImageBytes(Width, Height, ImageFormat.Png));
        Reporting.AtomicFile.WriteAllText(basePath + ".svg", plt.GetSvgXml(Width, Height));
    }

    /// <summary>
    /// Ticks for an axis that shows log10 of the data over [lo, hi]: labelled decades with minor ticks at 2…9 × 10^k;
    /// when the data span less than two decades, 2× and 5× are labelled too.
    /// </summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        bool dense = hi - lo < 2;
        for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi) + 1; k++)
            for (int m = 1; m <= 9; m++)
            {
                double pos = k + Math.Log10(m);
                if (m == 1) ticks.AddMajor(pos, DecadeLabel(k));
                else if (dense && (m == 2 || m == 5)) ticks.AddMajor(pos, TickLabel(m * Math.Pow(10, k)));
                else ticks.AddMinor(pos);
            }
        return ticks;
    }

    private static string TickLabel(double v) =>
        v is >= 1e-3 and < 1e4 ? v.ToString("0.###", CultureInfo.InvariantCulture) : v.ToString("0e0", CultureInfo.InvariantCulture);

    /// <summary>Label of a decade tick at log10 value v: 0.01, 0.1, 1, 10, 100, 1000, then 1e4…</summary>
    public static string DecadeLabel(double v)
    {
        double x = Math.Pow(10, Math.Round(v));
        return Math.Abs(Math.Round(v)) <= 3 ? x.ToString("0.###", CultureInfo.InvariantCulture) : "1e" + Math.Round(v).ToString(CultureInfo.InvariantCulture);
    }
}
