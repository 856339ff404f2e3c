using System.Diagnostics;
using System.Text.Json.Nodes;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;

namespace FeatureScale.Analysis;

/// <summary>
/// The "power_law" analysis of a sweep: an observable y (a path in each run's summary, averaged over the runs that
/// share x, e.g. seeds) against x (an expression of config fields, e.g. "width/d"), fitted as y ∝ x^k with 95% CIs
/// (e.g. specialised-neuron counts vs N/d, the specialising-neuron magnitude vs N/d). Spec block:
/// <code>
/// "analysis": { "kind": "power_law", "x": "width/d", "y": "specialised.0.mean", "y_sem": "specialised.0.sem",
///               "quantity": "M", "variable": "(N/d)", "paper_exponent": 0.5, "theory_exponent": 0.5,
///               "theory_label": "pattern engine", "bootstrap": 2000, "seed": 1,
///               "tolerance": 0.15, "rhat": "rhat", "rhat_max": 1.1 }
/// </code>
/// "tolerance" is the largest 95% half-width that can support "agrees"; "rhat" (no default) names each run's
/// split-R̂, and any run above "rhat_max" makes the verdict inconclusive (<see cref="Verdicts.Untrusted"/>).
/// The replicate interval resamples, at each x, the runs with replacement (a single run is drawn from
/// N(y, y_sem) when y_sem is given).
/// </summary>
public static class PowerLawAnalysis
{
    /// <summary>Runs the analysis of the sweep in dir (its spec's analysis block must have kind "power_law").</summary>
    public static (ExponentFit? Fit, IReadOnlyList<Verdict> Verdicts) Run(string dir)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var store = new SweepStore(dir);
        var spec = store.LoadSpec() ?? throw new ConfigException($"{dir} holds no sweep (no sweep.json)");
        var a = spec.Analysis ?? throw new ConfigException("the sweep spec has no analysis block");
        string Str(string k, string? fallback) => a[k] is JsonValue v && v.TryGetValue(out string? s) ? s : fallback ?? throw new ConfigException($"power_law analysis: '{k}' is required");
        double? Num(string k) => a[k] is { } n && JsonPaths.Number(n) is var d && !double.IsNaN(d) ? d : null;
        string xExpr = Str("x", null), yPath = Str("y", null);
        string? semPath = a["y_sem"] is JsonValue sv && sv.TryGetValue(out string? sp) ? sp : null;
        string quantity = Str("quantity", yPath), variable = Str("variable", xExpr), theoryLabel = Str("theory_label", "theory");
        int bootstrap = (int)(Num("bootstrap") ?? 2000);
        ulong seed = (ulong)(Num("seed") ?? 1);
        double tolerance = Num("tolerance") ?? Verdicts.ExponentTolerance, rhatMax = Num("rhat_max") ?? 1.1;
        if (!(tolerance > 0)) throw new ConfigException("power_law analysis: tolerance must be > 0");
        if (!(rhatMax >= 1)) throw new ConfigException("power_law analysis: rhat_max must be ≥ 1");
        string? rhatPath = a["rhat"] is JsonValue rv && rv.TryGetValue(out string? rp) ? rp : null;
        int used = 0, untrusted = 0;

        var byX = new SortedDictionary<double, List<(double Y, double Sem)>>();
        bool synthetic = false;
        foreach (var run in spec.Expand())
        {
            var doc = store.LoadResult(run.Key);
            if (doc is null) continue;
            double x = Expression.Evaluate(xExpr, name => JsonPaths.GetDouble(run.Config, name) is var v && !double.IsNaN(v) ? v
                : throw new ConfigException($"power_law analysis: run {run.Key} has no numeric '{name}'"));
            double y = JsonPaths.GetDouble(doc["result"], yPath);
            double sem = semPath is null ? double.NaN : JsonPaths.GetDouble(doc["result"], semPath);
            synthetic |= doc["result"]?["synthetic"] is JsonValue b && b.TryGetValue(out bool sb) && sb;
            if (!double.IsFinite(y)) continue;
            used++;
            if (rhatPath is not null && JsonPaths.GetDouble(doc["result"], rhatPath) > rhatMax) untrusted++;
            if (!byX.TryGetValue(x, out var list)) byX[x] = list = [];
            list.Add((y, sem));
        }
        var outDir = Path.Combine(store.Root, "analysis");
        Directory.CreateDirectory(outDir);
        var xs = byX.Keys.ToArray();
        var means = byX.Values.Select(l => l.Average(t => t.Y)).ToArray();
        var sems = byX.Values.Select(l => ReplicateMeans.Sem(l)).ToArray();
        var rng = RandomStream.For(seed, 0, "power-law-bootstrap");
        var reps = xs.Select(x => ReplicateMeans.Draw(byX[x], bootstrap, rng)).ToArray();
        var table = new CsvTable("x", "y_mean", "y_sem", "runs");
        for (int i = 0; i < xs.Length; i++) table.Add(xs[i], means[i], sems[i], byX[xs[i]].Count);
        table.Write(Path.Combine(outDir, "power_law.csv"));

        string prefix = synthetic ? SweepAnalysis.SyntheticPrefix : "";
        var positive = Enumerable.Range(0, xs.Length).Where(i => xs[i] > 0 && means[i] > 0).ToArray();
        ExponentFit? fit = null;
        var verdicts = new List<Verdict>();
        if (positive.Length >= 2)
        {
            fit = ExponentFit.Estimate(positive.Select(i => xs[i]).ToList(), positive.Select(i => means[i]).ToList(),
                positive.Select(i => reps[i]).ToList(), bootstrap, seed);
            var v = Verdicts.Exponent(quantity, variable, fit, Num("paper_exponent"), Num("theory_exponent"),
                theoryLabel, tolerance);
            v = Verdicts.Untrusted(v, untrusted, used, rhatMax);
            verdicts.Add(v with { Text = prefix + v.Text });
            var series = new List<PlotSeries>
            {
                new($"{quantity} (± sem)", positive.Select(i => xs[i]).ToArray(), positive.Select(i => means[i]).ToArray(),
                    positive.Select(i => double.IsFinite(sems[i]) ? sems[i] : 0).ToArray(), Line: false),
                new(FormattableString.Invariant($"fit ∝ {variable}^{fit.Exponent:0.00}"), positive.Select(i => xs[i]).ToArray(),
                    positive.Select(i => fit.Fit.Prefactor * Math.Pow(xs[i], fit.Exponent)).ToArray(), Markers: false),
            };
            StudyPlots.Write(Path.Combine(outDir, "power_law"), $"{quantity} vs {variable}", variable, quantity, series, logX: true, logY: true);
        }
        else verdicts.Add(new Verdict(prefix + $"{quantity}: {positive.Length} positive points, too few for a power-law fit", null));
        SweepAnalysis.WriteVerdicts(outDir, verdicts);
        var json = new JsonObject
        {
            ["kind"] = "power_law", ["x"] = xExpr, ["y"] = yPath, ["synthetic"] = synthetic,
            ["tolerance"] = tolerance, ["rhat_max"] = rhatMax, ["runs_used"] = used,
            ["untrusted_run_count"] = untrusted,
            ["exponent"] = fit?.Exponent, ["prefactor"] = fit?.Fit.Prefactor,
            ["ci_low"] = fit is null || !double.IsFinite(fit.Ci.Low) ? null : fit.Ci.Low,
            ["ci_high"] = fit is null || !double.IsFinite(fit.Ci.High) ? null : fit.Ci.High,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "analysis.json"), json.ToJsonString(Json.Options) + "\n");
        Manifest.Create("sweep analysis", a, seed, started, clock.Elapsed.TotalSeconds,
            new Dictionary<string, string> { ["sweep"] = spec.Name }).WriteTo(outDir);
        return (fit, verdicts);
    }
}
