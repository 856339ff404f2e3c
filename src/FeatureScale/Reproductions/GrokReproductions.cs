using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Experiments;
using FeatureScale.Sweeps;

namespace FeatureScale.Reproductions;

/// <summary>
/// What the reproductions of arXiv 2310.03789 (grokking as a first-order transition) share: <see cref="GrokFig2"/>
/// (cubic teacher, Langevin vs the adaptive-kernel theory across σ²), <see cref="GrokFig3"/> (modular-addition
/// theory: phases and the target component vs σ²) and <see cref="GrokFig4To6"/> (App. D Figs. 4–6: width-driven,
/// time-dependent grokking on a finite data set). Runs are cached under OutDir/runs/&lt;key&gt;/ and skipped when
/// present, so a re-run (or --full) resumes.
/// </summary>
public static class GrokReproductions
{
    internal static string F(double v, string fmt = "0.###") => v.ToString(fmt, CultureInfo.InvariantCulture);

    /// <summary>|w·w*| above which a neuron counts as a droplet (the nonzero wells sit near q* ≈ 0.7).</summary>
    public const double DropletThreshold = 0.4;

    /// <summary>Histogram range and bins of w·w*.</summary>
    public const double HistogramRange = 1.5;
    /// <summary>Bins of the w·w* histograms.</summary>
    public const int HistogramBins = 60;

    /// <summary>
    /// Runs (or loads) one experiment as run KEY of the reproduction's store (OutDir/runs/KEY: result.json holds the
    /// summary, trace.csv every chain; reused when its settings are the same).
    /// </summary>
    public static GrokRun RunCached(string outDir, string key, CubicLangevinSettings s, IProgressSink sink,
        TextWriter? log = null)
    {
        var config = System.Text.Json.JsonSerializer.SerializeToNode(s, Json.Options)!.AsObject();
        var summary = new SweepStore(outDir).RunOnce(key, config, ctx =>
        {
            var r = CubicLangevin.Run(s, ctx.Progress);
            var trace = new CsvTable("chain", "step", "time", "train_mse", "test_mse", "train_linear", "train_cubic",
                "test_linear", "test_cubic");
            foreach (var p in r.Trace)
                trace.Add(p.Chain, p.Step, p.Time, p.TrainMse, p.TestMse, p.TrainLinear, p.TrainCubic, p.TestLinear,
                    p.TestCubic);
            trace.Write(Path.Combine(ctx.Directory, "trace.csv"));
            log?.WriteLine(FormattableString.Invariant($"  run {key}: {r.WallSeconds:0.0}s, η = {r.Eta:G3}"));
            return System.Text.Json.JsonSerializer.SerializeToNode(Summarise(r), Json.Options)!.AsObject();
        }, "reproduce run", sink);
        return System.Text.Json.JsonSerializer.Deserialize<GrokRun>(summary, Json.Options)!;
    }

    /// <summary>The cached summary of a finished run.</summary>
    public static GrokRun Summarise(CubicLangevinResult r)
    {
        var pooled = r.PooledOverlaps.ToList();
        double drop = pooled.Count == 0 ? double.NaN : pooled.Count(v => Math.Abs(v) > DropletThreshold) / (double)pooled.Count;
        var hist = NegLogHistogram.Build(pooled, HistogramBins, -HistogramRange, HistogramRange);
        var trace = r.Trace.GroupBy(p => p.Step).OrderBy(g => g.Key).Select(g => new TraceMean(g.Key, g.First().Time,
            g.Average(p => p.TrainMse), g.Average(p => p.TestMse), g.Average(p => p.TrainLinear), g.Average(p => p.TrainCubic),
            g.Average(p => p.TestLinear), g.Average(p => p.TestCubic), g.Min(p => p.TestMse), g.Max(p => p.TestMse))).ToList();
        return new GrokRun(r.Settings, r.Eta, r.LambdaMax, r.LearnedLinear, r.LearnedLinearSem, r.LearnedCubic, r.LearnedCubicSem, drop, pooled.Count,
            hist, trace, r.WallSeconds, r.CubicSplitRhat, r.CubicEss);
    }
}
