using FeatureScale.Reporting;
using FeatureScale.Analysis;
using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 3c of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig3c
{
    /// <summary>Fig. 3c: first-layer outlier counts vs (N1 N2/d²)^(1/3), with the second layer's outliers.</summary>
    [Reproduction("fig3c", "Three-layer FCN: outlier counts vs (N1 N2/d²)^(1/3) at P=40d, d=N2=10", 6,
        Needs.Trainer, Needs.Patterns, Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var v = ctx.SweepAndAnalyse("outlier_sweep", OutlierSpec(ctx.Mode)).ToList();
        var rows = OutlierRows(Path.Combine(ctx.OutDir, "outlier_sweep"));
        var table = new CsvTable("n1", "x_cuberoot_n1n2_over_d2", "layer1_linear_outliers", "layer2_linear_outliers", "layer2_target_outliers", "runs");
        foreach (var r in rows) table.Add(r.N1, r.X, r.L1, r.L2Lin, r.L2Target, r.Runs);
        table.Write(Path.Combine(ctx.OutDir, "outliers.csv"));
        var xs = rows.Select(r => r.X).ToArray();
        StudyPlots.Write(Path.Combine(ctx.OutDir, "outliers"), "Fig. 3c: outliers vs (N1 N2/d²)^(1/3), P = 40d, d = N2 = 10", "(N1 N2/d²)^(1/3)", "average number of outliers",
        [
            new("layer 1, feature w*·x", xs, rows.Select(r => r.L1).ToArray()),
            new("layer 2, feature w*·x", xs, rows.Select(r => r.L2Lin).ToArray()),
            new("layer 2, feature h3(w*·x)", xs, rows.Select(r => r.L2Target).ToArray()),
        ], logX: false, logY: false);
        v.Add(new Verdict("layer-2 outliers (w*·x / h3): " + string.Join(", ", rows.Select(r => $"N1={F(r.N1)}: {F(r.L2Lin, "0.00")} / {F(r.L2Target, "0.00")}")) +
            "; paper: layer-2 w*·x outliers appear only for N1 ≳ 3200 (Sp.-Mag. → GP-Sp.)", null));
        v.Add(QualityNote(Path.Combine(ctx.OutDir, "outlier_sweep")));
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
