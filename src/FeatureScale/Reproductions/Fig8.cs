using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;
using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 8 of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig8
{
    /// <summary>Fig. 8: pre-activation overlap densities of layers 1 and 2 (fig3c's setting) at the smallest and largest N1.</summary>
    [Reproduction("fig8", "Three-layer FCN (fig3c setting): pre-activation overlap distributions in layers 1 and 2", 10,
        Needs.Trainer, Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ctx.SweepAndAnalyse("outlier_sweep", OutlierSpec(ctx.Mode));
        var store = new SweepStore(Path.Combine(ctx.OutDir, "outlier_sweep"));
        var runs = store.LoadSpec()!.Expand().Where(r => JsonPaths.GetDouble(r.Config, "seed") == 1 && store.IsDone(r.Key)).ToList();
        var table = new CsvTable("n1", "layer", "feature", "center", "h_pi");
        var verdictParts = new List<string>();
        foreach (var (layer, feature, title) in new[] { (1, "linear", "layer 1, w*·x"), (2, "linear", "layer 2, w*·x"), (2, "target", "layer 2, h3(w*·x)") })
        {
            var series = new List<PlotSeries>();
            foreach (var run in runs)
            {
                double n1 = JsonPaths.GetDouble(run.Config, "widths[0]");
                var rows = ReadCsv(Path.Combine(store.RunsDir, run.Key, "histograms.csv"))
                    .Where(r => r["layer"] == layer.ToString(CultureInfo.InvariantCulture) && r["feature"] == feature && r["h_pi"].Length > 0).ToList();
                var c = rows.Select(r => double.Parse(r["center"], CultureInfo.InvariantCulture)).ToArray();
                var h = rows.Select(r => double.Parse(r["h_pi"], CultureInfo.InvariantCulture)).ToArray();
                for (int i = 0; i < c.Length; i++) table.Add(n1, layer, feature, c[i], h[i]);
                series.Add(new PlotSeries($"N1 = {F(n1)}", c, h));
            }
            StudyPlots.Write(Path.Combine(ctx.OutDir, $"overlaps_layer{layer}_{feature}"), $"Fig. 8: −log density of overlaps, {title} (P = 40d, d = N2 = 10)", "overlap ⟨h_i, Φ⟩", "H_π (min 0)", series, logX: false, logY: false);
        }
        table.Write(Path.Combine(ctx.OutDir, "overlap_densities.csv"));
        var o = OutlierRows(Path.Combine(ctx.OutDir, "outlier_sweep"));
        var verdicts = new List<Verdict>
        {
            new("outliers per N1 (layer 1 w*·x; layer 2 w*·x; layer 2 h3): " + string.Join(", ", o.Select(r => $"N1={F(r.N1)}: {F(r.L1, "0.0")}; {F(r.L2Lin, "0.00")}; {F(r.L2Target, "0.00")}")) +
                "; paper: growing N1 moves the pattern from Sp.-Mag. (layer-1 outliers, layer 2 magnetised on h3) to GP-Sp. (layer-2 w*·x outliers)", null),
        };
        return new ReproductionResult(verdicts, clock.Elapsed.TotalSeconds);
    }
}
