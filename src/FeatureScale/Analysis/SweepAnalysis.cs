using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;

namespace FeatureScale.Analysis;

/// <summary>
/// Analyses a finished (or partly finished) sweep: the mean A_f(P) curve per size, P* per size with bootstrap CIs
/// over seeds, the exponent of P* ∝ size^k with 95% CIs, and the collapse of A_f against P/size^k_pred. Writes
/// DIR/analysis/: curves.csv, pstar.csv, analysis.json, verdicts.json, figures (PNG + SVG) and manifest.json.
/// </summary>
public static class SweepAnalysis
{
    /// <summary>Marker put before verdicts computed from the synthetic demo executor.</summary>
    public const string SyntheticPrefix = "[synthetic demo executor: pipeline check, not a physics result] ";

    /// <summary>
    /// Rewrites results.csv from all finished runs, then runs the analysis named by the spec's analysis block
    /// ("pstar_scaling" or "power_law") and returns its verdict lines; none when the spec has no analysis block.
    /// </summary>
    public static IReadOnlyList<Verdict> Analyse(string dir)
    {
        var store = new SweepStore(dir);
        var spec = store.LoadSpec() ?? throw new ConfigException($"{dir} holds no sweep (no sweep.json)");
        store.WriteResults(spec.Expand());
        if (spec.Analysis is null) return [];
        string kind = spec.Analysis["kind"] is JsonValue k && k.TryGetValue(out string? s) ? s : "pstar_scaling";
        return kind switch
        {
            "pstar_scaling" => Run(dir).Verdicts,
            "power_law" => PowerLawAnalysis.Run(dir).Verdicts,
            _ => throw new ConfigException($"analysis kind '{kind}' is not known (available: pstar_scaling, power_law)"),
        };
    }

    /// <summary>The analysis kinds a spec's "analysis" block may name.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["pstar_scaling", "power_law"];

    /// <summary>
    /// Checks a spec's analysis block before any run (so that a typo is not found at <c>report</c> time): a known
    /// kind, its required fields, numbers where numbers are expected. Throws one <see cref="ConfigException"/>.
    /// </summary>
    public static void Validate(JsonObject? analysis)
    {
        if (analysis is null) return;
        if (analysis["kind"] is { } kn && !(kn is JsonValue kv && kv.TryGetValue(out string? _)))
            throw new ConfigException("sweep spec: analysis.kind must be a string (pstar_scaling or power_law)");
        string kind = analysis["kind"] is JsonValue k && k.TryGetValue(out string? s) ? s : "pstar_scaling";
        if (!Kinds.Contains(kind))
            throw new ConfigException($"sweep spec: analysis.kind '{kind}' is not known (available: {string.Join(", ", Kinds)})");
        string[] numbers = kind == "pstar_scaling"
            ? ["threshold", "predicted_exponent", "paper_exponent", "theory_exponent", "bootstrap", "seed"]
            : ["bootstrap", "seed", "predicted_exponent", "theory_exponent", "paper_exponent"];
        foreach (var f in numbers)
            if (analysis[f] is { } v && !(JsonPaths.Number(v) is var x && double.IsFinite(x)))
                throw new ConfigException($"sweep spec: analysis.{f} must be a finite number (got {v.ToJsonString()})");
        foreach (var f in new[] { "bootstrap", "seed" })
            if (analysis[f] is { } v && JsonPaths.Number(v) < 0) throw new ConfigException($"sweep spec: analysis.{f} must be ≥ 0");
        if (kind == "pstar_scaling")
        {
            if (analysis["threshold"] is { } t && !(JsonPaths.Number(t) is > 0 and < 1))
                throw new ConfigException("sweep spec: analysis.threshold must lie in (0, 1)");
            _ = PStarAnalysisSettings.From(analysis);
        }
        else
            foreach (var f in new[] { "x", "y" })
                if (!(analysis[f] is JsonValue v && v.TryGetValue(out string? _)))
                    throw new ConfigException($"sweep spec: analysis.{f} (a string) is required for power_law");
    }

    /// <summary>Runs the P* scaling analysis of the sweep in dir and writes DIR/analysis.</summary>
    public static PStarAnalysisResult Run(string dir)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var store = new SweepStore(dir);
        var spec = store.LoadSpec() ?? throw new ConfigException($"{dir} holds no sweep (no sweep.json)");
        var settings = PStarAnalysisSettings.From(spec.Analysis);
        // this sweep's runs, then those of its refinement rounds (DIR/refine/*: sweeps an adaptive design added)
        var sources = new List<(SweepStore Store, IReadOnlyList<SweepRun> Runs)> { (store, spec.Expand()) };
        var refined = RefinementDirs(dir);
        foreach (var sub in refined)
        {
            var subStore = new SweepStore(sub);
            if (subStore.LoadSpec() is { } subSpec) sources.Add((subStore, subSpec.Expand()));
        }

        // (size, P) → samples of the observable
        var data = new SortedDictionary<double, SortedDictionary<double, List<(double A, double Sem)>>>();
        bool synthetic = false;
        int used = 0;
        var untrusted = new List<(string Key, double Rhat)>();
        foreach (var (source, run) in sources.SelectMany(src => src.Runs.Select(r => (src.Store, r))))
        {
            var doc = source.LoadResult(run.Key);
            if (doc is null) continue;
            double size = JsonPaths.GetDouble(run.Config, settings.Size), p = JsonPaths.GetDouble(run.Config, settings.P);
            double a = JsonPaths.GetDouble(doc["result"], settings.Observable);
            double runSem = settings.Sem is null ? double.NaN : JsonPaths.GetDouble(doc["result"], settings.Sem);
            if (double.IsNaN(size) || double.IsNaN(p)) throw new ConfigException($"analysis: run {run.Key} has no numeric '{settings.Size}' or '{settings.P}' in its config");
            synthetic |= doc["result"]?["synthetic"] is JsonValue sv && sv.TryGetValue(out bool sb) && sb;
            if (!double.IsFinite(a)) continue;
            used++;
            double rhat = settings.Rhat is null ? double.NaN : JsonPaths.GetDouble(doc["result"], settings.Rhat);
            if (rhat > settings.RhatMax) untrusted.Add((run.Key, rhat));
            if (!data.TryGetValue(size, out var byP)) data[size] = byP = new SortedDictionary<double, List<(double, double)>>();
            if (!byP.TryGetValue(p, out var list)) byP[p] = list = [];
            list.Add((a, runSem));
        }
        var outDir = Path.Combine(store.Root, "analysis");
        Directory.CreateDirectory(outDir);

        var curves = new CsvTable(settings.Size, settings.P, "mean", "sem", "samples");
        var pstarTable = new CsvTable(settings.Size, "pstar", "ci_low", "ci_high", "kind", "found_fraction", "points", "samples");
        var perSize = new List<(double, PStarEstimate, int, int)>();
        var sizeCurves = new List<SizeCurve>();
        int g = 0;
        foreach (var (size, byP) in data)
        {
            var ps = byP.Keys.ToArray();
            var samples = byP.Values.Select(l => l.Select(t => t.A).ToArray()).ToArray();
            var means = samples.Select(s => s.Average()).ToArray();
            var sems = byP.Values.Select(PointSem).ToArray();
            for (int i = 0; i < ps.Length; i++) curves.Add(size, ps[i], means[i], sems[i], samples[i].Length);
            var est = PStar.Bootstrap(ps, samples, settings.Threshold, settings.Bootstrap, settings.Seed + (ulong)g++, sems, settings.Extrapolate);
            perSize.Add((size, est, ps.Length, samples.Sum(s => s.Length)));
            pstarTable.Add(size, est.Estimate.Value, est.CiLow, est.CiHigh, est.Estimate.Kind.ToString(), est.FoundFraction, ps.Length, samples.Sum(s => s.Length));
            sizeCurves.Add(new SizeCurve(size, ps, means));
        }
        curves.Write(Path.Combine(outDir, "curves.csv"));
        pstarTable.Write(Path.Combine(outDir, "pstar.csv"));

        var verdicts = new List<Verdict>();
        string prefix = synthetic ? SyntheticPrefix : "";
        var found = perSize.Where(t => t.Item2.Estimate.Found).ToList();
        ExponentFit? fit = null;
        if (found.Count >= 2)
        {
            fit = ExponentFit.Estimate(found.Select(t => t.Item1).ToList(), found.Select(t => t.Item2.Estimate.Value).ToList(),
                found.Select(t => t.Item2.Replicates).ToList(), settings.Bootstrap, settings.Seed);
            var v = Verdicts.Exponent("P*", settings.Size, fit, settings.PaperExponent, settings.TheoryExponent,
                settings.TheoryLabel, settings.Tolerance, settings.ReferenceLabel);
            v = Verdicts.Untrusted(v, untrusted.Count, used, settings.RhatMax);
            verdicts.Add(v with { Text = prefix + v.Text });
        }
        else verdicts.Add(new Verdict(prefix + $"P* found at {found.Count} of {perSize.Count} sizes: too few for an exponent fit", null));
        CollapseScore? predicted = null;
        (double, CollapseScore)? best = null;
        if (sizeCurves.Count >= 2 && sizeCurves.All(c => c.P.Length >= 2))
        {
            double k = settings.PredictedExponent ?? settings.PaperExponent ?? fit?.Exponent ?? 1;
            predicted = Collapse.Score(sizeCurves, k);
            best = Collapse.BestExponent(sizeCurves);
            if (double.IsFinite(predicted.Score))
            {
                var cv = Verdicts.Collapse(settings.Size, k, predicted, best.Value.Item1, best.Value.Item2,
                    settings.ObservableLabel);
                verdicts.Add(cv with { Text = prefix + cv.Text });
            }
        }

        var figures = WriteFigures(outDir, settings, data, perSize, fit, sizeCurves);
        var json = new JsonObject
        {
            ["synthetic"] = synthetic,
            ["threshold"] = settings.Threshold,
            ["observable"] = settings.Observable,
            ["size_field"] = settings.Size,
            ["p_field"] = settings.P,
            ["tolerance"] = settings.Tolerance,
            ["rhat_max"] = settings.RhatMax,
            ["runs_used"] = used,
            ["refinement_sweeps"] =
                new JsonArray(refined.Select(r => (JsonNode?)Path.GetRelativePath(dir, r)).ToArray()),
            ["untrusted_runs"] = new JsonArray(untrusted.Select(u => (JsonNode?)new JsonObject
            {
                ["key"] = u.Key, ["rhat"] = u.Rhat,
            }).ToArray()),
            ["fit"] = fit is null ? null : new JsonObject
            {
                ["exponent"] = fit.Exponent, ["prefactor"] = fit.Fit.Prefactor, ["r_squared"] = fit.Fit.RSquared,
                ["ci_low"] = Finite(fit.Ci.Low), ["ci_high"] = Finite(fit.Ci.High),
                ["points_ci_low"] = Finite(fit.Fit.CiLow), ["points_ci_high"] = Finite(fit.Fit.CiHigh),
                ["replicate_ci_low"] = Finite(fit.ReplicateCiLow), ["replicate_ci_high"] = Finite(fit.ReplicateCiHigh),
            },
            ["figures"] = new JsonObject(figures.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)new JsonObject
            {
                ["png"] = f.Key + ".png", ["svg"] = f.Key + ".svg", ["points_outside_axes"] = f.Value,
            }))),
            ["collapse"] = predicted is null ? null : new JsonObject
            {
                ["predicted_exponent"] = settings.PredictedExponent ?? settings.PaperExponent ?? fit?.Exponent ?? 1,
                ["score"] = Finite(predicted.Score), ["relative"] = Finite(predicted.Relative),
                ["best_exponent"] = Finite(best!.Value.Item1), ["best_score"] = Finite(best.Value.Item2.Score),
            },
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "analysis.json"), json.ToJsonString(Json.Options) + "\n");
        WriteVerdicts(outDir, verdicts);
        Manifest.Create("sweep analysis", settings, settings.Seed, started, clock.Elapsed.TotalSeconds,
            new Dictionary<string, string> { ["sweep"] = spec.Name }).WriteTo(outDir);
        return new PStarAnalysisResult(perSize, fit, predicted, best, verdicts, synthetic) { Curves = sizeCurves };
    }

    /// <summary>The sub-folder holding the refinement rounds of a P* sweep (each a sweep store of its own).</summary>
    public const string RefineFolder = "refine";

    /// <summary>The refinement rounds' sweep folders of the sweep in dir (DIR/refine/*, in name order).</summary>
    public static IReadOnlyList<string> RefinementDirs(string dir)
    {
        var root = Path.Combine(dir, RefineFolder);
        if (!Directory.Exists(root)) return [];
        return Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "sweep.json")))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>
    /// Writes verdicts.json (docs/schemas/verdicts.schema.json): [{"text", "agrees_with_paper", "status"}], plus
    /// "quantity", "estimate", "ci_low", "ci_high", "tolerance", "paper", "theory" where the verdict has numbers.
    /// </summary>
    public static void WriteVerdicts(string dir, IEnumerable<Verdict> verdicts)
    {
        var arr = new JsonArray();
        foreach (var v in verdicts)
        {
            var o = new JsonObject { ["text"] = v.Text, ["agrees_with_paper"] = v.AgreesWithPaper, ["status"] = v.Status };
            if (v.Numbers is { } n)
            {
                o["quantity"] = n.Quantity;
                o["estimate"] = Finite(n.Estimate);
                o["ci_low"] = Finite(n.CiLow);
                o["ci_high"] = Finite(n.CiHigh);
                o["tolerance"] = n.Tolerance;
                o["paper"] = n.Paper;
                o["theory"] = n.Theory;
            }
            arr.Add(o);
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "verdicts.json"), arr.ToJsonString(Json.Options) + "\n");
    }

    /// <summary>Standard error of the mean at one (size, P): across runs when there are several, else the run's own.</summary>
    private static double PointSem(List<(double A, double Sem)> l)
    {
        if (l.Count == 1) return l[0].Sem;
        double m = l.Average(t => t.A);
        return Math.Sqrt(l.Sum(t => (t.A - m) * (t.A - m)) / (l.Count - 1) / l.Count);
    }

    private static Dictionary<string, int> WriteFigures(string outDir, PStarAnalysisSettings s, SortedDictionary<double, SortedDictionary<double, List<(double A, double Sem)>>> data,
        List<(double Size, PStarEstimate PStar, int, int)> perSize, ExponentFit? fit, List<SizeCurve> sizeCurves)
    {
        string Lbl(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var written = new Dictionary<string, int>();
        var series = new List<PlotSeries>();
        foreach (var (size, byP) in data)
        {
            var ps = byP.Keys.ToArray();
            var m = byP.Values.Select(l => l.Average(t => t.A)).ToArray();
            var e = byP.Values.Select(PointSem).ToArray();
            series.Add(new PlotSeries($"measured, {s.Size} = {Lbl(size)} (±1 s.e.m.)", ps, m, e));
        }
        if (series.Count == 0) return written;
        written["alignment_vs_p"] = StudyPlots.Write(Path.Combine(outDir, "alignment_vs_p"), $"A_f vs {s.P}", s.P, s.Observable, series, logX: true, logY: false,
            horizontalLine: s.Threshold, horizontalLabel: $"threshold {Lbl(s.Threshold)}");

        var found = perSize.Where(t => t.PStar.Estimate.Found).ToList();
        if (found.Count > 0)
        {
            var xs = found.Select(t => t.Size).ToArray();
            var ys = found.Select(t => t.PStar.Estimate.Value).ToArray();
            var lo = found.Select(t => double.IsFinite(t.PStar.CiLow) ? t.PStar.Estimate.Value - t.PStar.CiLow : 0).ToArray();
            var hi = found.Select(t => double.IsFinite(t.PStar.CiHigh) ? t.PStar.CiHigh - t.PStar.Estimate.Value : 0).ToArray();
            var ps = new List<PlotSeries> { new("measured P* (95% CI)", xs, ys, lo, hi, Line: false) };
            if (fit is not null)
                ps.Add(new PlotSeries(FormattableString.Invariant(
                    $"fit to measured P*: ∝ {s.Size}^{{{fit.Exponent:0.00} ± {(fit.Ci.High - fit.Ci.Low) / 2:0.00}}}"), xs, xs.Select(x => fit.Fit.Prefactor * Math.Pow(x, fit.Exponent)).ToArray(), Markers: false));
            if (s.PaperExponent is { } pe && fit is not null)
            {
                // the paper's law through the geometric mean of the measured points
                double c = Math.Exp(xs.Zip(ys).Average(t => Math.Log(t.Second) - pe * Math.Log(t.First)));
                ps.Add(new PlotSeries($"{s.ReferenceLabel}: ∝ {s.Size}^{Lbl(pe)}", xs,
                    xs.Select(x => c * Math.Pow(x, pe)).ToArray(), Markers: false, Dashed: true));
            }
            written["pstar_vs_size"] = StudyPlots.Write(Path.Combine(outDir, "pstar_vs_size"), $"P* (A_f = {Lbl(s.Threshold)}) vs {s.Size}", s.Size, "P*", ps, logX: true, logY: true);
        }
        if (sizeCurves.Count >= 2)
        {
            double k = s.PredictedExponent ?? s.PaperExponent ?? fit?.Exponent ?? 1;
            var cs = data.Select(kv => new PlotSeries($"measured, {s.Size} = {Lbl(kv.Key)} (±1 s.e.m.)",
                kv.Value.Keys.Select(p => p / Math.Pow(kv.Key, k)).ToArray(), kv.Value.Values.Select(l => l.Average(t => t.A)).ToArray(),
                kv.Value.Values.Select(PointSem).ToArray())).ToList();
            written["collapse"] = StudyPlots.Write(Path.Combine(outDir, "collapse"), $"collapse: A_f vs {s.P}/{s.Size}^{{{Lbl(k)}}}", $"{s.P}/{s.Size}^{{{Lbl(k)}}}", s.Observable, cs, logX: true, logY: false,
                horizontalLine: s.Threshold, horizontalLabel: $"threshold {Lbl(s.Threshold)}");
        }
        return written;
    }
}
