using FeatureScale.Reporting;

namespace FeatureScale.Theory;

/// <summary>Draws a <see cref="PhaseDiagramResult"/>: minimised-energy exponent of every pattern against γ, the winner's
/// regions shaded and the boundaries marked (ScottPlot, PNG).</summary>
public static class PhaseDiagramPlot
{
    /// <summary>Writes the PNG (atomically).</summary>
    public static void Save(PhaseDiagramResult result, string title, string path, int width = 900, int height = 560)
    {
        var plt = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var xs = result.Points.Select(p => p.Gamma).ToArray();
        for (int i = 0; i < result.Patterns.Count; i++)
        {
            string name = result.Patterns[i];
            var ys = result.Points.Select(p => p.Exponents[name]).ToArray();
            var line = plt.Add.ScatterLine(xs, ys);
            line.LegendText = name;
            line.LineWidth = 2;
            line.Color = palette.GetColor(i);
        }
        // Shade the winner's regions.
        int start = 0;
        for (int k = 1; k <= result.Points.Count; k++)
        {
            if (k < result.Points.Count && result.Points[k].Winner == result.Points[start].Winner) continue;
            string w = result.Points[start].Winner;
            int idx = result.Patterns.ToList().IndexOf(w);
            double x0 = start == 0 ? xs[0] : Boundary(result, xs[start]), x1 = k == result.Points.Count ? xs[^1] : Boundary(result, xs[k]);
            var span = plt.Add.HorizontalSpan(x0, x1);
            span.FillStyle.Color = palette.GetColor(Math.Max(idx, 0)).WithAlpha(0.12);
            span.LineStyle.Width = 0;
            var label = plt.Add.Text($"{w}", 0.5 * (x0 + x1), 0);
            label.LabelFontSize = 12;
            label.LabelAlignment = ScottPlot.Alignment.LowerCenter;
            start = k;
        }
        foreach (var b in result.Boundaries)
        {
            var v = plt.Add.VerticalLine(b.Gamma);
            v.LinePattern = ScottPlot.LinePattern.Dashed;
            v.Color = ScottPlot.Colors.Gray;
            v.LineWidth = 1;
        }
        plt.Title(title);
        plt.XLabel($"γ  ({string.Join(", ", result.Varied)} = d^γ)");
        plt.YLabel("exponent of d in Ẽ_min  (P* ∝ d^exponent)");
        plt.ShowLegend(ScottPlot.Alignment.UpperLeft);
        var bytes = plt.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static double Boundary(PhaseDiagramResult r, double nearX)
    {
        var b = r.Boundaries.OrderBy(b => Math.Abs(b.Gamma - nearX)).FirstOrDefault();
        return b is null ? nearX : b.Gamma;
    }
}
