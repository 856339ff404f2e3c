using System.Globalization;
using FeatureScale.Observables;
using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using FeatureScale.Sweeps;

namespace FeatureScale.Reproductions;

/// <summary>
/// What the reproductions of arXiv 2512.04165 on the other architectures share (<see cref="Fig3b"/>: attention,
/// P* ∝ √(L d³); <see cref="Fig7b"/>: 2-parity, μ-Sp magnitude ∝ (N/d)^{1/4}; and grok-modadd's runs): each run
/// goes through <see cref="ArchTraining.Run"/> into OutDir/runs/&lt;key&gt;, a stored run of
/// <see cref="SweepStore.RunOnce"/> (reused when its config is the same).
/// </summary>
public static class ArchReproductions
{
    internal static string F(double v, string fmt = "0.##") => v.ToString(fmt, CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs (or loads) one configuration as run KEY of the reproduction's store (OutDir/runs/KEY, reused when its
    /// config is the same); returns its summary and histograms.
    /// </summary>
    public static (ArchTrainSummary Summary, List<HistogramBin> Histograms) RunCached(string outDir, string key,
        TrainConfig cfg, IProgressSink sink)
    {
        var store = new SweepStore(outDir);
        var config = System.Text.Json.JsonSerializer.SerializeToNode(cfg, Json.Options)!.AsObject();
        var summary = store.RunOnce(key, config, ctx =>
        {
            var started = DateTimeOffset.UtcNow;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = ArchTraining.Run(cfg, ctx.Progress, ctx.Cancel);
            if (result.Summary.Diverged)
                throw new InvalidOperationException($"run {key} diverged: {result.Summary.Message}; re-run to retry");
            ArchTrainOutputs.Write(ctx.Directory, result, started, clock.Elapsed.TotalSeconds);
            return System.Text.Json.JsonSerializer.SerializeToNode(result.Summary, Json.Options)!.AsObject();
        }, "reproduce run", sink);
        return (System.Text.Json.JsonSerializer.Deserialize<ArchTrainSummary>(summary, Json.Options)!,
            ReadHistograms(Path.Combine(store.RunsDir, key, "histograms.csv")));
    }

    private static List<HistogramBin> ReadHistograms(string path)
    {
        var lines = File.ReadAllLines(path);
        var head = lines[0].Split(',');
        int Col(string n) => Array.IndexOf(head, n);
        int f = Col("feature"), l = Col("left"), r = Col("right"), c = Col("count"), de = Col("density"), h = Col("h_pi");
        double D(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        return lines.Skip(1).Where(s => s.Length > 0).Select(s => s.Split(','))
            .Select(p => new HistogramBin(1, p[f], D(p[l]), D(p[r]), (long)D(p[c]), D(p[de]), D(p[h]))).ToList();
    }

    internal static NamedStat Stat(ArchTrainSummary s, string name) =>
        s.Observables.FirstOrDefault(o => o.Name == name) ?? throw new InvalidOperationException($"observable '{name}' missing from the run's summary");

    internal static Verdict RhatNote(string what, IEnumerable<double> rhats)
    {
        var r = rhats.Where(double.IsFinite).OrderBy(v => v).ToList();
        if (r.Count == 0) return new Verdict($"chains: no R̂ for {what}", null);
        double med = r[r.Count / 2];
        return new Verdict($"chains: split-R̂ of {what} median {F(med, "0.00")}, max {F(r[^1], "0.00")} over {r.Count} runs{(med > 1.1 ? " — not equilibrated (short chains): treat the numbers as indicative; --full runs longer" : "")}", null);
    }
}
