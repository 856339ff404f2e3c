using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;
using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 2c of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig2c
{
    /// <summary>Fig. 2c: specialised neurons at P = 40d vs N/d beside √(N/d).</summary>
    [Reproduction("fig2c", "Two-layer erf on h3: specialised neurons vs √(N/d) at P=40d, d=40", 3, Needs.Trainer,
        Needs.Patterns, Standard = true)]
    public static IReadOnlyList<Verdict> Run(ReproductionContext ctx) => Run(ctx, 0, 1);

    /// <summary>Fig2c over a part of the progress bar.</summary>
    public static IReadOnlyList<Verdict> Run(ReproductionContext ctx, double from, double to)
    {
        var s = HeadlineSizes.For(ctx.Mode);
        var engine = EnginePrediction();
        var verdicts = ctx.SweepAndAnalyse("specialised_sweep", CountSpec(s, engine.CountExponentInN), from, to).ToList();
        var dir = Path.Combine(ctx.OutDir, "specialised_sweep");
        var store = new SweepStore(dir);
        var rows = new SortedDictionary<double, List<(double M, double Sem)>>();
        foreach (var run in store.LoadSpec()!.Expand())
        {
            var doc = store.LoadResult(run.Key);
            if (doc is null) continue;
            double ratio = JsonPaths.GetDouble(run.Config, "width") / JsonPaths.GetDouble(run.Config, "d");
            if (!rows.TryGetValue(ratio, out var l)) rows[ratio] = l = [];
            l.Add((JsonPaths.GetDouble(doc["result"], "specialised.0.mean"), JsonPaths.GetDouble(doc["result"], "specialised.0.sem")));
        }
        var xs = rows.Keys.ToArray();
        var ms = rows.Values.Select(l => l.Average(t => t.M)).ToArray();
        var es = rows.Values.Select(l => l.Count >= 2 ? Math.Sqrt(l.Sum(t => (t.M - l.Average(u => u.M)) * (t.M - l.Average(u => u.M))) / (l.Count - 1) / l.Count) : l[0].Sem).ToArray();
        var table = new CsvTable("n_over_d", "specialised_mean", "specialised_sem", "sqrt_n_over_d", "ratio_to_sqrt");
        for (int i = 0; i < xs.Length; i++) table.Add(xs[i], ms[i], es[i], Math.Sqrt(xs[i]), ms[i] / Math.Sqrt(xs[i]));
        table.Write(Path.Combine(ctx.OutDir, "specialised_vs_width.csv"));
        var series = new List<PlotSeries> { new("measured (± sem over seeds)", xs, ms, es, Line: false), new("√(N/d) (pattern engine: M = √(N/d))", xs, xs.Select(Math.Sqrt).ToArray(), Markers: false, Dashed: true) };
        StudyPlots.Write(Path.Combine(ctx.OutDir, "specialised_vs_width"), $"Fig. 2c: specialised neurons at P = 40d, d = {s.CountD}", "N/d", "specialised neurons (|overlap| > 3σ₁/√d)", series, logX: true, logY: true);
        verdicts.Add(new Verdict("measured count / √(N/d): " + string.Join(", ", xs.Select((x, i) => $"N/d={F(x)}: {F(ms[i] / Math.Sqrt(x), "0.00")}")), null));
        verdicts.Add(QualityNote(dir));
        return verdicts;
    }
}
