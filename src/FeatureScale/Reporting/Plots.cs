using System.Globalization;
using ScottPlot;

namespace FeatureScale.Reporting;

/// <summary>
/// A small figure helper on ScottPlot 5: scatter series with optional error bars, lines (e.g. a fitted power law),
/// title, axis labels and legend, saved as PNG and SVG. Log axes are real log axes: the data are plotted as log10,
/// major ticks sit on decades and are labelled 10⁻¹, 10⁰, 10¹ …, minor ticks at 2…9 × 10ᵏ (2× and 5× labelled too
/// when the data span less than two decades). Every axis is fitted to the data, error bars and reference lines with a
/// 5% margin: no empty decades. One style for all figures (<see cref="FigureStyle"/>): PNG at 300 dpi and a paper's
/// page width (7 in) or column width (3.4 in), SVG beside it. Titles, labels and legend names go through
/// <see cref="MathText"/> (d^{1.03} → d¹·⁰³, "propto" → ∝); where Unicode lacks a script (A_f, d^{1.03 ± 0.07})
/// <see cref="RichLabels"/> draws it lowered or raised.
/// Points that cannot be shown on a log axis (≤ 0, NaN, ∞) are left out.
/// <code>
/// new FigureBuilder("P* vs d", "d", "P*", logX: true, logY: true)
///     .Series("measured", d, pStar, pStarErr)
///     .PowerLaw("fit", fit, 10, 1000)
///     .Save("results/pstar");   // writes results/pstar.png and results/pstar.svg (atomically)
/// </code>
/// </summary>
public sealed class FigureBuilder(string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
{
    private sealed record Item(string Name, double[] X, double[] Y, double[]? YErrLow, double[]? YErrHigh, bool Line, bool Markers, bool Dashed);

    private readonly List<Item> _items = [];
    private readonly List<(double Y, string? Label)> _horizontal = [];
    private FigureWidth _figureWidth = FigureWidth.Page;
    private readonly List<(double X, double Y)> _drawn = [];
    private Alignment? _legend;

    /// <summary>Whether the x axis is logarithmic.</summary>
    public bool LogX { get; } = logX;

    /// <summary>Whether the y axis is logarithmic.</summary>
    public bool LogY { get; } = logY;

    /// <summary>Adds a scatter series (markers) with optional symmetric y error bars (in data units).</summary>
    public FigureBuilder Series(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? yErr = null) =>
        Curve(name, x, y, yErr, yErr, line: false, markers: true);

    /// <summary>Adds a line through (x, y), e.g. a model curve.</summary>
    public FigureBuilder Line(string name, IReadOnlyList<double> x, IReadOnlyList<double> y) => Curve(name, x, y, line: true, markers: false);

    /// <summary>
    /// Adds a series in any style: line and/or markers, solid or dashed, with optional asymmetric y error bars
    /// (distances below and above y, in data units).
    /// </summary>
    public FigureBuilder Curve(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? yErrLow = null,
        IReadOnlyList<double>? yErrHigh = null, bool line = true, bool markers = true, bool dashed = false)
    {
        Check(x, y);
        if (yErrLow is not null && yErrLow.Count != y.Count) throw new ArgumentException($"series '{name}': {yErrLow.Count} error bars for {y.Count} points");
        if (yErrHigh is not null && yErrHigh.Count != y.Count) throw new ArgumentException($"series '{name}': {yErrHigh.Count} error bars for {y.Count} points");
        var high = yErrHigh ?? yErrLow;
        _items.Add(new Item(name, [.. x], [.. y], yErrLow is null ? null : [.. yErrLow], high is null ? null : [.. high], line, markers, dashed));
        return this;
    }

    /// <summary>Adds a dotted horizontal reference line at y (data units), optionally named in the legend.</summary>
    public FigureBuilder HorizontalLine(double y, string? label = null)
    {
        _horizontal.Add((y, label));
        return this;
    }

    /// <summary>Where the legend sits (default: the corner of the axes that covers the fewest points).</summary>
    public FigureBuilder Legend(Alignment position)
    {
        _legend = position;
        return this;
    }

    /// <summary>Adds the fitted power law y = A x^k of <paramref name="fit"/> between xMin and xMax, named with its
    /// exponent and confidence interval.</summary>
    public FigureBuilder PowerLaw(string name, Numerics.PowerLawFit fit, double xMin, double xMax, int points = 64)
    {
        if (!(xMin > 0) || !(xMax > xMin)) throw new ArgumentException("power-law line needs 0 < xMin < xMax");
        var x = Enumerable.Range(0, points).Select(i => xMin * Math.Pow(xMax / xMin, i / (points - 1.0))).ToArray();
        var y = x.Select(v => fit.Prefactor * Math.Pow(v, fit.Exponent)).ToArray();
        return Line($"{name}: slope {fit}", x, y);
    }

    /// <summary>The paper width the figure is drawn for (default: page width, 7 in).</summary>
    public FigureBuilder Width(FigureWidth width)
    {
        _figureWidth = width;
        return this;
    }

    /// <summary>Renders the figure and writes <c>path.png</c> (300 dpi) and <c>path.svg</c> atomically; returns both
    /// paths.</summary>
    public (string Png, string Svg) Save(string pathWithoutExtension)
    {
        string png = pathWithoutExtension + ".png", svg = pathWithoutExtension + ".svg";
        var (w, h) = FigureStyle.LogicalSize(_figureWidth);
        var bitmap = Build();
        bitmap.ScaleFactor = FigureStyle.Dpi / 96.0;
        var (pw, ph) = FigureStyle.PixelSize(_figureWidth);
        AtomicFile.WriteVia(png, tmp => bitmap.SavePng(tmp, pw, ph));
        AtomicFile.WriteAllText(svg, WithCheck(Build().GetSvgXml(w, h)));
        return (png, svg);
    }

    /// <summary>The comment every saved SVG carries after its root tag: how many data points (error-bar ends
    /// included) were drawn and how many fall outside the axes (0 unless the plotting layer has a bug).</summary>
    public const string CheckPrefix = "<!-- featurescale: points_drawn=";

    private string WithCheck(string svgText)
    {
        int root = svgText.IndexOf("<svg", StringComparison.Ordinal);
        int close = root < 0 ? -1 : svgText.IndexOf('>', root);
        if (close < 0) return svgText;
        string check = FormattableString.Invariant(
            $"{CheckPrefix}{_drawn.Count} points_outside_axes={PointsOutsideAxes().Count} -->");
        return svgText.Insert(close + 1, check);
    }

    /// <summary>The SVG text of the figure (for tests and embedding).</summary>
    public string ToSvg()
    {
        var (w, h) = FigureStyle.LogicalSize(_figureWidth);
        return Build().GetSvgXml(w, h);
    }

    /// <summary>
    /// Renders the figure and returns the points (in axis units: log10 on log axes, error-bar ends included) that
    /// fall outside the drawn axis limits; empty when every point is visible. Used by the figure tests.
    /// </summary>
    public IReadOnlyList<(double X, double Y)> PointsOutsideAxes()
    {
        var limits = Limits();
        return _drawn.Where(p => p.X < limits.Left || p.X > limits.Right || p.Y < limits.Bottom || p.Y > limits.Top).ToList();
    }

    /// <summary>Where the rendered figure's legend sits.</summary>
    public Alignment LegendPosition() => Build().Legend.Alignment;

    /// <summary>The axis limits of the rendered figure, in axis units (log10 of the data on log axes).</summary>
    public (double Left, double Right, double Bottom, double Top) Limits()
    {
        var plot = Build();
        var (w, h) = FigureStyle.LogicalSize(_figureWidth);
        plot.GetImage(w, h);
        var l = plot.Axes.GetLimits();
        return (l.Left, l.Right, l.Bottom, l.Top);
    }

    /// <summary>Decade label for log10 value v: "10³", "10⁻²", "10⁰".</summary>
    public static string DecadeLabel(double log10Value)
    {
        int k = (int)Math.Round(log10Value);
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var exponent = string.Concat(Math.Abs(k).ToString(CultureInfo.InvariantCulture).Select(c => digits[c - '0']));
        return "10" + (k < 0 ? "⁻" : "") + exponent;
    }

    private Plot Build()
    {
        var plot = new Plot();
        _drawn.Clear();
        var palette = FigureStyle.Palette;
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        int index = 0;
        var legendNames = new Dictionary<string, string>(StringComparer.Ordinal); // shown → raw
        foreach (var item in _items)
        {
            var color = palette.GetColor(index++);
            var xs = new List<double>(); var ys = new List<double>(); var up = new List<double>(); var down = new List<double>();
            for (int i = 0; i < item.X.Length; i++)
            {
                double x = item.X[i], y = item.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y) || (LogX && x <= 0) || (LogY && y <= 0)) continue;
                double el = Finite(item.YErrLow?[i]), eh = Finite(item.YErrHigh?[i]);
                double tx = LogX ? Math.Log10(x) : x, ty = LogY ? Math.Log10(y) : y;
                double hi = LogY ? Math.Log10(y + eh) - ty : eh;
                double lo = LogY ? (y - el > 0 ? ty - Math.Log10(y - el) : double.NaN) : el;
                xs.Add(tx); ys.Add(ty); up.Add(double.IsFinite(hi) ? hi : 0); down.Add(lo);
                _drawn.Add((tx, ty));
                if (item.YErrLow is not null)
                {
                    _drawn.Add((tx, ty + (double.IsFinite(hi) ? hi : 0)));
                    if (double.IsFinite(lo)) _drawn.Add((tx, ty - lo));
                }
                xMin = Math.Min(xMin, tx); xMax = Math.Max(xMax, tx);
                yMin = Math.Min(yMin, ty - (double.IsFinite(lo) ? lo : 0)); yMax = Math.Max(yMax, ty + (double.IsFinite(hi) ? hi : 0));
            }
            if (xs.Count == 0) continue;
            if (item.YErrLow is not null)
            {
                // An error bar reaching zero or below on a log axis runs to the bottom of the plot.
                double bottom = LogY ? Math.Floor(ys.Min() - 1) : double.NaN;
                var negative = down.Select((d, i) => double.IsFinite(d) ? d : ys[i] - bottom).ToArray();
                var bars = plot.Add.ErrorBar(xs.ToArray(), ys.ToArray(), up.ToArray());
                bars.YErrorPositive = up.ToArray();
                bars.YErrorNegative = negative;
                bars.Color = color;
                bars.LineWidth = FigureStyle.ErrorBarWidth;
            }
            var scatter = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
            scatter.LineWidth = item.Line ? FigureStyle.LineWidth : 0;
            scatter.MarkerSize = item.Markers ? FigureStyle.MarkerSize : 0;
            scatter.MarkerShape = FigureStyle.Marker(index - 1);
            if (item.Dashed) scatter.LinePattern = LinePattern.Dashed;
            scatter.LegendText = MathText.Format(item.Name);
            legendNames.TryAdd(scatter.LegendText, item.Name);
        }
        foreach (var (y, label) in _horizontal)
        {
            if (LogY && !(y > 0)) continue;
            double ty = LogY ? Math.Log10(y) : y;
            var line = plot.Add.HorizontalLine(ty, 1, Colors.Gray, LinePattern.Dotted);
            yMin = Math.Min(yMin, ty); yMax = Math.Max(yMax, ty);
            if (label is null) continue;
            line.LegendText = MathText.Format(label);
            legendNames.TryAdd(line.LegendText, label);
        }
        FigureStyle.Apply(plot);
        var rich = new RichLabels();
        rich.Add(plot.Axes.Title.Label, title, centred: true);
        rich.Add(plot.Axes.Bottom.Label, xLabel, centred: true);
        rich.Add(plot.Axes.Left.Label, yLabel, centred: true);
        if (_items.Count > 0)
        {
            plot.ShowLegend(_legend ?? EmptiestCorner(xMin, xMax, yMin, yMax));
            if (!legendNames.Values.All(MathText.IsPlain))
            {
                // the legend's own items, kept, so that their labels can be drawn with scripts after the render
                var entries = plot.Legend.GetItems();
                foreach (var entry in entries)
                    rich.Add(entry.LabelStyle, legendNames.GetValueOrDefault(entry.LabelText, entry.LabelText), false);
                plot.Legend.ManualItems.AddRange(entries);
                plot.Legend.DisplayPlottableLegendItems = false;
            }
        }
        if (!rich.IsEmpty) plot.RenderManager.RenderActions.Add(rich);
        FitAxis(plot, xMin, xMax, LogX, horizontal: true);
        FitAxis(plot, yMin, yMax, LogY, horizontal: false);
        return plot;
    }

    /// <summary>The corner (upper right first, then upper left, lower right, lower left) whose box of 40% × 30% of
    /// the fitted axes holds the fewest drawn points, so that the legend hides as little data as it can.</summary>
    private Alignment EmptiestCorner(double xMin, double xMax, double yMin, double yMax)
    {
        if (!double.IsFinite(xMin) || !double.IsFinite(yMin)) return Alignment.UpperRight;
        double xSpan = Math.Max(xMax - xMin, 1e-12), ySpan = Math.Max(yMax - yMin, 1e-12);
        double xs = xSpan * (1 + 2 * FigureStyle.Margin), ys = ySpan * (1 + 2 * FigureStyle.Margin);
        double left = xMin - FigureStyle.Margin * xSpan, bottom = yMin - FigureStyle.Margin * ySpan;
        int Count(bool right, bool upper) => _drawn.Count(p =>
            (right ? p.X > left + 0.6 * xs : p.X < left + 0.4 * xs) &&
            (upper ? p.Y > bottom + 0.7 * ys : p.Y < bottom + 0.3 * ys));
        (Alignment Corner, int N)[] corners =
            [(Alignment.UpperRight, Count(true, true)), (Alignment.UpperLeft, Count(false, true)),
             (Alignment.LowerRight, Count(true, false)), (Alignment.LowerLeft, Count(false, false))];
        return corners.OrderBy(c => c.N).First().Corner;   // stable: ties keep the order above
    }

    private static double Finite(double? v) => v is { } x && double.IsFinite(x) ? Math.Abs(x) : 0;

    /// <summary>
    /// Ticks for an axis that shows log10 of the data: labelled decades (10ᵏ) with minor ticks at 2…9 × 10ᵏ while
    /// at least three decades fall inside [lo, hi]; otherwise 1×, 2× and 5× × 10ᵏ are labelled as plain numbers (10,
    /// 20, 50), and where even those give fewer than three labels, every m × 10ᵏ is.
    /// </summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (pos, label) in LogTickMarks(lo, hi))
            if (label is null) ticks.AddMinor(pos); else ticks.AddMajor(pos, label);
        return ticks;
    }

    /// <summary>The ticks of <see cref="LogTicks"/>: position (log10) and label, null for a minor tick.</summary>
    internal static List<(double Position, string? Label)> LogTickMarks(double lo, double hi)
    {
        var ticks = new List<(double, string?)>();
        int Labelled(Func<int, bool> labelled)
        {
            int n = 0;
            for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi) + 1; k++)
                for (int m = 1; m <= 9; m++)
                {
                    double pos = k + Math.Log10(m);
                    if (labelled(m) && pos >= lo && pos <= hi) n++;
                }
            return n;
        }
        bool dense = Labelled(m => m == 1) < 3, all = dense && Labelled(m => m is 1 or 2 or 5) < 3;
        // a range inside two steps of 1…9 (e.g. 11–25, the collapse axis P/d): steps of 0.2 (below 5) or 0.5 of the
        // leading digit labelled too (12, 14 … 24; 55, 65 …)
        bool fine = all && Labelled(_ => true) < 3;
        for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi) + 1; k++)
            for (int m = 1; m <= 9; m++)
            {
                double pos = k + Math.Log10(m);
                if (m == 1) ticks.Add((pos, dense ? PlainLabel(Math.Pow(10, k)) : DecadeLabel(k)));
                else if (all || (dense && (m == 2 || m == 5))) ticks.Add((pos, PlainLabel(m * Math.Pow(10, k))));
                else ticks.Add((pos, null));
                if (!fine) continue;
                double step = m < 5 ? 0.2 : 0.5;
                for (double f = m + step; f < m + 1 - 1e-9; f += step)
                    ticks.Add((k + Math.Log10(f), PlainLabel(Math.Round(f, 1) * Math.Pow(10, k))));
            }
        return ticks;
    }

    private static string PlainLabel(double v) =>
        v is >= 1e-3 and < 1e4 ? v.ToString("0.###", CultureInfo.InvariantCulture) : v.ToString("0e0", CultureInfo.InvariantCulture);

    /// <summary>Axis limits fitted to [lo, hi] (data, error bars and reference lines) with a 5% margin each side;
    /// a degenerate range is opened to ±0.1 decade (log) or ±5% of the value (linear).</summary>
    private static void FitAxis(Plot plot, double lo, double hi, bool log, bool horizontal)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) { lo = 0; hi = 1; }
        double span = hi - lo;
        if (span <= 0) span = log ? 0.2 : Math.Max(Math.Abs(lo) * 0.1, 1e-9);
        double a = lo - FigureStyle.Margin * span, b = hi + FigureStyle.Margin * span;
        if (hi - lo <= 0) { a = lo - span / 2; b = hi + span / 2; }
        if (log) (horizontal ? plot.Axes.Bottom : (ScottPlot.IAxis)plot.Axes.Left).TickGenerator = LogTicks(a, b);
        if (horizontal) plot.Axes.SetLimitsX(a, b); else plot.Axes.SetLimitsY(a, b);
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values, y {y.Count}");
    }
}
