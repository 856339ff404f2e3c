using System.Globalization;
using FeatureScale.Numerics;
using FeatureScale.Observables;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using FeatureScale.Sweeps;

namespace FeatureScale.Reproductions;

/// <summary>
/// The reproductions of arXiv 2512.04165 on the other architectures: Fig. 3b (attention, P* ∝ √(L d³)) and Fig. 7
/// (2-parity, μ-Sp magnitude ∝ (N/d)^{1/4}). Each run goes through <see cref="ArchTraining.Run"/> into
/// OutDir/runs/&lt;key&gt;, a stored run of <see cref="SweepStore.RunOnce"/> (reused when its config is the same).
/// </summary>
public static class ArchReproductions
{
    private static string F(double v, string fmt = "0.##") => v.ToString(fmt, CultureInfo.InvariantCulture);

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

    private static NamedStat Stat(ArchTrainSummary s, string name) =>
        s.Observables.FirstOrDefault(o => o.Name == name) ?? throw new InvalidOperationException($"observable '{name}' missing from the run's summary");

    private static Verdict RhatNote(string what, IEnumerable<double> rhats)
    {
        var r = rhats.Where(double.IsFinite).OrderBy(v => v).ToList();
        if (r.Count == 0) return new Verdict($"chains: no R̂ for {what}", null);
        double med = r[r.Count / 2];
        return new Verdict($"chains: split-R̂ of {what} median {F(med, "0.00")}, max {F(r[^1], "0.00")} over {r.Count} runs{(med > 1.1 ? " — not equilibrated (short chains): treat the numbers as indicative; --full runs longer" : "")}", null);
    }

    /// <summary>The pattern engine's attention-cubic prediction: exponents of the specialised P* in L and d (fixed H).</summary>
    public static (double L, double D) AttentionEngineExponents()
    {
        var sp = PatternEngine.Predict(ProblemLibrary.AttentionCubic()).Patterns.Single(p => p.Name == "specialised");
        var e = sp.Minimum.Energy ?? throw new InvalidOperationException("attention-cubic: no single specialised energy");
        return (e["L"].ToDouble(), e["d"].ToDouble());
    }

    /// <summary>The pattern engine's parity2-relu μ-Sp magnitude μ = N^a d^b: (a, b).</summary>
    public static (double N, double D) ParityEngineMuExponents()
    {
        var mu = PatternEngine.Predict(ProblemLibrary.Parity2Relu()).Patterns.Single(p => p.Name == "mu-Sp");
        var m = mu.Minimum.Minimizers?["mu"] ?? throw new InvalidOperationException("parity2-relu: no μ minimiser");
        return (m["N"].ToDouble(), m["d"].ToDouble());
    }

    /// <summary>One (d, L) series of Fig. 3b: A_f (mean, sem) at each P, and its P* at the threshold.</summary>
    public sealed record AttentionSeries(int D, int L, double[] P, double[] Af, double[] AfSem, double[] Rhat, Crossing PStar)
    {
        /// <summary>√(L d³), the predicted scale of P*.</summary>
        public double Scale => Math.Sqrt(L * Math.Pow(D, 3));
    }

    /// <summary>Fig. 3b analysis: P* per series and the exponents of P* in L (at fixed d) and in d (at fixed L).</summary>
    public static (List<(string Label, double Exponent)> Slopes, double Spread, double LazySpread) AnalyseAttention(IReadOnlyList<AttentionSeries> series)
    {
        var slopes = new List<(string, double)>();
        var found = series.Where(s => s.PStar.Found).ToList();
        foreach (var g in found.GroupBy(s => s.D).Where(g => g.Count() >= 2))
        {
            var xs = g.Select(s => Math.Log(s.L)).ToArray(); var ys = g.Select(s => Math.Log(s.PStar.Value)).ToArray();
            slopes.Add(($"L at d={g.Key}", LinearFit.Fit(xs, ys).Slope));
        }
        foreach (var g in found.GroupBy(s => s.L).Where(g => g.Count() >= 2))
        {
            var xs = g.Select(s => Math.Log(s.D)).ToArray(); var ys = g.Select(s => Math.Log(s.PStar.Value)).ToArray();
            slopes.Add(($"d at L={g.Key}", LinearFit.Fit(xs, ys).Slope));
        }
        var scaled = found.Select(s => s.PStar.Value / s.Scale).ToList();
        double spread = scaled.Count >= 2 ? scaled.Max() / scaled.Min() : double.NaN;
        var lazy = found.Select(s => s.PStar.Value / (s.L * Math.Pow(s.D, 3))).ToList();
        double lazySpread = lazy.Count >= 2 ? lazy.Max() / lazy.Min() : double.NaN;
        return (slopes, spread, lazySpread);
    }

    /// <summary>Fig. 3b: A_f vs P/√(L d³) for several (d, L), P* at the threshold, beside the engine's √(L d³).</summary>
    [Reproduction("fig3b", "Softmax attention: A_f vs P/√(L d³)", 5, Needs.Attention, Needs.Trainer)]
    public static ReproductionResult Fig3b(ReproductionContext ctx) => Fig3b(ctx, AttentionSizes.For(ctx.Mode));

    /// <summary>Fig. 3b at given sizes.</summary>
    public static ReproductionResult Fig3b(ReproductionContext ctx, AttentionSizes s)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var engine = AttentionEngineExponents();
        var series = new List<AttentionSeries>();
        var table = new CsvTable("d", "L", "heads", "P", "x_P_over_sqrt_L_d3", "alignment", "alignment_sem", "alignment_rhat", "test_mse", "max_abs_w23_z", "spiked_heads", "eta", "wall_seconds");
        int total = s.Series.Length * s.Ratios.Length, done = 0;
        foreach (var (d, l) in s.Series)
        {
            var ps = new List<double>(); var af = new List<double>(); var sem = new List<double>(); var rh = new List<double>();
            foreach (var x in s.Ratios)
            {
                var cfg = s.Config(d, l, x);
                ctx.Progress.Report((double)done / total, $"fig3b d={d} L={l} P={cfg.P}");
                var (sum, _) = RunCached(ctx.OutDir, $"d{d}_L{l}_P{cfg.P}", cfg, NullProgress.Instance);
                done++;
                var a = Stat(sum, "alignment");
                ps.Add(cfg.P); af.Add(a.Mean); sem.Add(a.Sem); rh.Add(a.Rhat);
                table.Add(d, l, s.Heads, cfg.P, cfg.P / Math.Sqrt(l * Math.Pow(d, 3)), a.Mean, a.Sem, a.Rhat, Stat(sum, "test_mse").Mean,
                    Stat(sum, "max_abs_w23_z").Mean, Stat(sum, "spiked_heads").Mean, sum.Eta, sum.WallSeconds);
            }
            series.Add(new AttentionSeries(d, l, ps.ToArray(), af.ToArray(), sem.ToArray(), rh.ToArray(), PStar.Find(ps.ToArray(), af.ToArray(), s.Threshold)));
        }
        ctx.Progress.Report(1, "fig3b analysis");
        table.Write(Path.Combine(ctx.OutDir, "alignment_vs_p.csv"));
        var pt = new CsvTable("d", "L", "pstar", "crossing", "sqrt_L_d3", "pstar_over_sqrt_L_d3");
        foreach (var r in series) pt.Add(r.D, r.L, r.PStar.Found ? r.PStar.Value : null, r.PStar.Kind.ToString(), r.Scale, r.PStar.Found ? r.PStar.Value / r.Scale : null);
        pt.Write(Path.Combine(ctx.OutDir, "pstar.csv"));

        StudyPlots.Write(Path.Combine(ctx.OutDir, "alignment_vs_p_over_sqrt_L_d3"),
            $"Fig. 3b: softmax attention (H = {s.Heads}, κ = {F(s.Kappa)}): A_f vs P/√(L d³)", "P/√(L d³)", "A_f",
            series.Select(r => new PlotSeries($"d = {r.D}, L = {r.L}", r.P.Select(p => p / r.Scale).ToArray(), r.Af, r.AfSem, r.AfSem)).ToList(),
            logX: true, logY: false, horizontalLine: s.Threshold, horizontalLabel: $"A_f = {F(s.Threshold)} (P*)");

        var (slopes, spread, lazySpread) = AnalyseAttention(series);
        var v = new List<Verdict>
        {
            new($"quick mode is far from the paper's size (paper: d = 8, 16, L up to 720, P = 350–1000; here d, L = {string.Join(", ", s.Series.Select(t => $"({t.D}, {t.L})"))}, {s.Chains} chains × {s.Burnin}+{s.Steps} steps)" , null),
            new($"P* (A_f = {F(s.Threshold)}) / √(L d³): " + string.Join("; ", series.Select(r => r.PStar.Found ? $"d={r.D}, L={r.L}: {F(r.PStar.Value, "0")} → {F(r.PStar.Value / r.Scale, "0.00")}" : $"d={r.D}, L={r.L}: no crossing (A_f {F(r.Af.Min(), "0.00")}…{F(r.Af.Max(), "0.00")})"))
                + (double.IsFinite(spread) ? $" — max/min of P*/√(L d³) = {F(spread, "0.00")} (1 = perfect collapse; paper: collapse with onset near 1); lazy scaling P*/(L d³): max/min = {F(lazySpread, "0.0")}" : ""), null),
            new($"P* slopes (two-point, no CI): {(slopes.Count == 0 ? "none (too few crossings)" : string.Join("; ", slopes.Select(t => $"{t.Label}: {F(t.Exponent, "0.00")}")))}; pattern engine (specialised heads, fixed H): P* ∝ L^{F(engine.L)} d^{F(engine.D)}; paper: slopes ≈ 0.5 in L, 1.5 in d", null),
            RhatNote("A_f", series.SelectMany(r => r.Rhat)),
        };
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The expected largest |w_j·u| over N prior neurons, w_j·u ~ N(0, σ₁²/d) (Monte Carlo, 4000 draws).</summary>
    public static double PriorMaxProjection(int n, int d, double sigma2 = 1, int draws = 4000, ulong seed = 1)
    {
        var rng = RandomStream.For(seed, 0, "prior-max").Split($"n{n}");
        double sd = Math.Sqrt(sigma2 / d), sum = 0;
        for (int k = 0; k < draws; k++)
        {
            double m = 0;
            for (int j = 0; j < n; j++) m = Math.Max(m, Math.Abs(rng.NextGaussian()));
            sum += m * sd;
        }
        return sum / draws;
    }

    private static Verdict CountVerdict(double[] xs, double[] counts, (double N, double D) engine)
    {
        if (counts.Any(c => !(c > 0))) return new Verdict("specialised count (|w_j·w*_(1+2)| > 3σ₁/√d): zero at some width, no power law", null);
        var fit = PowerLawFit.Fit(xs, counts, 2000, 1);
        return new Verdict($"specialised count (|w_j·w*_(1+2)| > 3σ₁/√d) ∝ (N/d)^({F(fit.Exponent, "0.00")} ± {F((fit.CiHigh - fit.CiLow) / 2, "0.00")}): " +
            string.Join(", ", xs.Select((x, i) => $"N/d={F(x)}: {F(counts[i], "0.0")}") ) +
            $" — the degenerate M-Sp alternative (engine: M ∝ (N/d)^0.5, same Ẽ as μ-Sp with μ ∝ (N/d)^{F(engine.N)})", null);
    }

    /// <summary>Fig. 7b (and 7a): μ-Sp magnitude of the specialising neuron along w*_{1+2} vs N/d; −log density along it.</summary>
    [Reproduction("fig7b", "Two-layer ReLU on 2-parity: specialising-neuron magnitude vs width, expected (N/d)^(1/4)", 9, Needs.CrossEntropy, Needs.Trainer)]
    public static ReproductionResult Fig7b(ReproductionContext ctx) => Fig7b(ctx, ParitySizes.For(ctx.Mode));

    /// <summary>Fig. 7b (and 7a) at given sizes.</summary>
    public static ReproductionResult Fig7b(ReproductionContext ctx, ParitySizes s)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var engine = ParityEngineMuExponents();
        const string Mu = "mu_e1+e2", Feature = "w.e1+e2";
        var rows = new List<(int N, double Mu, double Sem, double Rhat, double Prior, double Acc, double Spec, List<HistogramBin> Hist)>();
        for (int i = 0; i < s.Widths.Length; i++)
        {
            int n = s.Widths[i];
            ctx.Progress.Report((double)i / s.Widths.Length, $"fig7b N={n}");
            var (sum, hist) = RunCached(ctx.OutDir, $"N{n}", s.Config(n), NullProgress.Instance);
            var mu = Stat(sum, Mu);
            rows.Add((n, mu.Mean, mu.Sem, mu.Rhat, PriorMaxProjection(n, s.D), Stat(sum, "test_accuracy").Mean, Stat(sum, "specialised_e1+e2").Mean,
                hist.Where(h => h.Feature == Feature).ToList()));
        }
        ctx.Progress.Report(1, "fig7b analysis");
        var xs = rows.Select(r => (double)r.N / s.D).ToArray();
        var mus = rows.Select(r => r.Mu).ToArray();
        var table = new CsvTable("d", "N", "n_over_d", "mu", "mu_sem", "mu_rhat", "prior_mu", "mu_over_prior", "n_over_d_quarter", "specialised", "test_accuracy");
        foreach (var r in rows) table.Add(s.D, r.N, (double)r.N / s.D, r.Mu, r.Sem, r.Rhat, r.Prior, r.Mu / r.Prior, Math.Pow((double)r.N / s.D, 0.25), r.Spec, r.Acc);
        table.Write(Path.Combine(ctx.OutDir, "mu_vs_width.csv"));
        var fit = PowerLawFit.Fit(xs, mus, 2000, 1);
        var prior = PowerLawFit.Fit(xs, rows.Select(r => r.Prior).ToArray(), 0, 1);
        double c = Math.Exp(xs.Zip(mus).Average(t => Math.Log(t.Second) - engine.N * Math.Log(t.First)));
        StudyPlots.Write(Path.Combine(ctx.OutDir, "mu_vs_width"), $"Fig. 7b: μ-Sp magnitude along w*_(1+2), 2-parity ReLU, d = {s.D}, P = {s.P}", "N/d", "max_j |w_j·(e1+e2)/√2|",
        [
            new("measured (± sem)", xs, mus, rows.Select(r => r.Sem).ToArray(), rows.Select(r => r.Sem).ToArray(), Line: false),
            new($"pattern engine μ ∝ (N/d)^{F(engine.N)}", xs, xs.Select(x => c * Math.Pow(x, engine.N)).ToArray(), Markers: false, Dashed: true),
            new("prior (no learning): E max_j |w_j·u|", xs, rows.Select(r => r.Prior).ToArray(), Markers: false),
        ], logX: true, logY: true);

        // Fig. 7a: −log density along w*_(1+2) at the smallest and largest width, beside the prior's Gaussian.
        var dens = new CsvTable("N", "center", "density", "h_pi", "h_prior");
        var curves = new List<PlotSeries>();
        foreach (var r in new[] { rows[0], rows[^1] }.Distinct())
        {
            var bins = r.Hist.Where(b => b.Density > 0).ToList();
            foreach (var b in bins) { double x = (b.Left + b.Right) / 2; dens.Add(r.N, x, b.Density, b.HPi, x * x * s.D / 2); }
            if (bins.Count > 0) curves.Add(new PlotSeries($"N = {r.N}", bins.Select(b => (b.Left + b.Right) / 2).ToArray(), bins.Select(b => b.HPi).ToArray()));
        }
        dens.Write(Path.Combine(ctx.OutDir, "fig7a_density.csv"));
        var grid = Enumerable.Range(-40, 81).Select(k => k * 0.05).ToArray();
        curves.Add(new PlotSeries("prior −log density d u²/2", grid, grid.Select(u => u * u * s.D / 2).ToArray(), Markers: false, Dashed: true));
        StudyPlots.Write(Path.Combine(ctx.OutDir, "fig7a_neg_log_density"), "Fig. 7a: −log density of w_j·(e1+e2)/√2 (shifted to min 0)", "w_j·w*_(1+2)", "−log density", curves, logX: false, logY: false);

        var v = new List<Verdict>
        {
            Verdicts.Exponent("μ-Sp magnitude max_j|w_j·w*_(1+2)|", "(N/d)", fit.Exponent, fit.CiLow, fit.CiHigh, paper: 0.25, theory: engine.N, theoryLabel: "pattern engine"),
            new($"prior baseline (extreme value of N Gaussian neurons, no learning) grows as (N/d)^{F(prior.Exponent, "0.00")}; measured/prior: " +
                string.Join(", ", rows.Select(r => $"N/d={F((double)r.N / s.D)}: {F(r.Mu / r.Prior, "0.00")}")) + " (> 1: a neuron specialised beyond the prior's largest)", null),
            new($"quick mode is small (d = {s.D}, P = {s.P}, κ = {F(s.Kappa)}, ε = {F(s.Noise)}, {s.Chains} chains × ({s.BurninPerWidth}+{s.StepsPerWidth})·N steps; the paper gives no sizes); test accuracy " +
                string.Join(", ", rows.Select(r => $"N={r.N}: {F(r.Acc, "0.00")}")), null),
            CountVerdict(xs, rows.Select(r => r.Spec).ToArray(), engine),
            RhatNote(Mu, rows.Select(r => r.Rhat)),
        };
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
