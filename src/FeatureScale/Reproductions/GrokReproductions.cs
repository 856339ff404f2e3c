using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Theory.Adaptive;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using FeatureScale.Sweeps;

namespace FeatureScale.Reproductions;

/// <summary>
/// Reproductions of arXiv 2310.03789 (grokking as a first-order transition): Fig. 2 (cubic teacher, Langevin vs the
/// adaptive-kernel theory across σ²), Fig. 3 (modular-addition theory: phases and the target component vs σ²) and
/// App. D Figs. 4–6 (width-driven, time-dependent grokking on a finite data set). Runs are cached under
/// OutDir/runs/&lt;key&gt;/ and skipped when present, so a re-run (or --full) resumes.
/// </summary>
public static class GrokReproductions
{
    private static string F(double v, string fmt = "0.###") => v.ToString(fmt, CultureInfo.InvariantCulture);

    /// <summary>The paper's Fig. 2 setting at α = β = 1 (App. C, Eq. C.43).</summary>
    public static CubicLangevinSettings Fig2Base { get; } = new()
    {
        Width = 700, Samples = 3000, Dimension = 150, SigmaW2 = 0.5, SigmaA2 = 8.0 / 700, Epsilon = -0.3, Noise = 0.18,
    };

    /// <summary>The App. D setting (Eq. D.44) at N = 700.</summary>
    public static CubicLangevinSettings AppDBase { get; } = new()
    {
        Width = 700, Samples = 600, Dimension = 150, SigmaW2 = 0.5, SigmaA2 = 0.011, Epsilon = -1.2, Noise = 0.05,
    };

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
            hist, trace, r.WallSeconds);
    }

    /// <summary>Mass of the normalised density exp(−scale·Ŝ(q)) with |q| &gt; threshold (trapezoid on a fine grid).</summary>
    public static double TheoryMassBeyond(Func<double, double> reducedAction, double scale, double threshold, double qMax = 4, int grid = 8001)
    {
        double h = 2 * qMax / (grid - 1), min = double.PositiveInfinity;
        var a = new double[grid];
        for (int i = 0; i < grid; i++) { a[i] = scale * reducedAction(-qMax + i * h); min = Math.Min(min, a[i]); }
        double z = 0, m = 0;
        for (int i = 0; i < grid; i++)
        {
            double w = (i == 0 || i == grid - 1 ? 0.5 : 1) * Math.Exp(-(a[i] - min));
            z += w;
            if (Math.Abs(-qMax + i * h) > threshold) m += w;
        }
        return m / z;
    }

    /// <summary>Theory at one setting: the finite-d self-consistent (b, c) by quadrature (continued from the previous b),
    /// the thermodynamic-limit phase, and the action of the chosen branch.</summary>
    public sealed record CubicTheoryPoint(double Sigma2, double U, double B, double C, double LearnedCubic, double LearnedLinear,
        double LimitLearnedCubic, string LimitPhase, double DropletMass, int Branches, CubicTeacher Model);

    /// <summary>Theory along a σ² grid, continued from the largest σ² (the GFL side) downwards.</summary>
    public static List<CubicTheoryPoint> TheoryAlong(CubicTeacherParameters p, IReadOnlyList<double> noise)
    {
        var pts = new List<CubicTheoryPoint>();
        double? prevB = null;
        foreach (var s2 in noise.OrderByDescending(v => v))
        {
            var m = new CubicTeacher(p with { Sigma2 = s2 });
            var all = m.SolveAll(AveragingMethod.Quadrature);
            var sol = all.Count == 0 ? null : prevB is double pb ? all.OrderBy(x => Math.Abs(x.B - pb)).First() : all.OrderByDescending(x => x.B).First();
            var lim = m.LimitPhase();
            double b = sol?.B ?? double.NaN, c = sol?.C ?? double.NaN;
            double mass = sol is null ? double.NaN : TheoryMassBeyond(q => m.ReducedAction(q, b, c), p.Dimension, DropletThreshold);
            pts.Add(new CubicTheoryPoint(s2, m.P.Interaction, b, c, p.Epsilon - c, 1 - b, p.Epsilon - lim.C, lim.Phase.ToString(), mass, all.Count, m));
            if (sol is not null) prevB = sol.B;
        }
        pts.Reverse();
        return pts;
    }

    private static string Key(double scale, double s2) => FormattableString.Invariant($"scale{scale:0.###}_s2_{s2:0.###}");

    /// <summary>grok-fig2: cubic teacher, −log p(w·w*) and the learned cubic component vs σ², Langevin vs theory.</summary>
    [Reproduction("grok-fig2", "2310.03789 Fig. 2: cubic teacher (He₁ − 0.3 He₃, erf, Langevin) — −log p(w·w*) and the learned cubic component vs σ², experiment beside the adaptive-kernel theory; first-order jump near σ²_c ≈ 0.18", 15, Needs.Trainer, Needs.Adaptive)]
    public static ReproductionResult Fig2(ReproductionContext ctx) => Fig2(ctx, GrokFig2Sizes.For(ctx.Mode));

    /// <summary>grok-fig2 at given sizes.</summary>
    public static ReproductionResult Fig2(ReproductionContext ctx, GrokFig2Sizes sz)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var crit = new CubicTeacher(new CubicTeacherParameters()).CriticalPoint();
        var table = new CsvTable("alpha_beta", "N", "n", "d", "sigma_a2", "sigma2", "u", "learned_cubic", "learned_cubic_sem", "learned_linear", "learned_linear_sem",
            "droplet_fraction", "theory_learned_cubic", "theory_learned_linear", "theory_limit_learned_cubic", "theory_limit_phase", "theory_droplet_mass",
            "theory_b", "theory_c", "eta", "wall_seconds");
        var hist = new CsvTable("alpha_beta", "sigma2", "q", "count", "density", "neg_log_p", "neg_log_p_se", "theory_neg_log_p");
        var results = new Dictionary<double, List<(GrokRun Run, CubicTheoryPoint Th)>>();
        int total = sz.Scales.Length * sz.Noise.Length, done = 0;
        foreach (var scale in sz.Scales)
        {
            var baseS = Fig2Base.Scaled(scale, scale);
            var theory = TheoryAlong(baseS.Theory, sz.Noise);
            var list = new List<(GrokRun, CubicTheoryPoint)>();
            for (int k = 0; k < sz.Noise.Length; k++)
            {
                double s2 = sz.Noise[k];
                var s = baseS with { Noise = s2, Chains = sz.Chains, Burnin = sz.Burnin, Steps = sz.Steps, Thin = sz.Thin, TraceEvery = Math.Max(sz.Thin, 100), TestPoints = sz.TestPoints };
                ctx.Progress.Report((double)done / total, $"grok-fig2 α=β={F(scale)} σ²={F(s2)}");
                var run = RunCached(ctx.OutDir, Key(scale, s2), s, NullProgress.Instance, ctx.Log);
                done++;
                var th = theory.First(t => t.Sigma2 == s2);
                list.Add((run, th));
                table.Add(scale, s.Width, s.Samples, s.Dimension, s.SigmaA2, s2, s.Interaction, run.LearnedCubic, run.LearnedCubicSem, run.LearnedLinear, run.LearnedLinearSem,
                    run.DropletFraction, th.LearnedCubic, th.LearnedLinear, th.LimitLearnedCubic, th.LimitPhase, th.DropletMass, th.B, th.C, run.Eta, run.WallSeconds);
                var centres = run.Histogram.Select(b => b.Center).ToArray();
                var tneg = double.IsFinite(th.B) ? NegLogHistogram.TheoryNegLog(q => th.Model.ReducedAction(q, th.B, th.C), s.Dimension, centres) : centres.Select(_ => double.NaN).ToArray();
                for (int i = 0; i < centres.Length; i++)
                {
                    var b = run.Histogram[i];
                    hist.Add(scale, s2, b.Center, b.Count, b.Density, double.IsFinite(b.NegLogP) ? b.NegLogP : null, b.NegLogPSe, tneg[i]);
                }
            }
            results[scale] = list;
        }
        ctx.Progress.Report(1, "grok-fig2 plots");
        table.Write(Path.Combine(ctx.OutDir, "learned_components.csv"));
        hist.Write(Path.Combine(ctx.OutDir, "neg_log_p.csv"));

        // Fig. 2c: learned cubic component vs σ²
        var fig = new FigureBuilder("2310.03789 Fig. 2c: learned cubic component vs σ² (ε = −0.3)", "σ²", "learned cubic component (ε − c)");
        foreach (var (scale, list) in results)
        {
            fig.Series($"Langevin α=β={F(scale)}", list.Select(x => x.Run.Settings.Noise).ToArray(), list.Select(x => x.Run.LearnedCubic).ToArray(), list.Select(x => x.Run.LearnedCubicSem).ToArray());
            fig.Line($"theory (finite d, quadrature) α=β={F(scale)}", list.Select(x => x.Th.Sigma2).ToArray(), list.Select(x => x.Th.LearnedCubic).ToArray());
        }
        var dense = Enumerable.Range(0, 41).Select(i => 0.1 + 0.2 * i / 40).ToArray();
        fig.Line("theory (thermodynamic limit at α=β=1, lever rule)", dense, dense.Select(v => Fig2Base.Epsilon - new CubicTeacher(new CubicTeacherParameters() with { Sigma2 = v }).LimitPhase().C).ToArray());
        fig.Save(Path.Combine(ctx.OutDir, "learned_cubic_vs_sigma2"));
        var figL = new FigureBuilder("2310.03789 Fig. 2c inset: learned linear component vs σ²", "σ²", "learned linear component (1 − b)");
        foreach (var (scale, list) in results)
        {
            figL.Series($"Langevin α=β={F(scale)}", list.Select(x => x.Run.Settings.Noise).ToArray(), list.Select(x => x.Run.LearnedLinear).ToArray(), list.Select(x => x.Run.LearnedLinearSem).ToArray());
            figL.Line($"theory α=β={F(scale)}", list.Select(x => x.Th.Sigma2).ToArray(), list.Select(x => x.Th.LearnedLinear).ToArray());
        }
        figL.Save(Path.Combine(ctx.OutDir, "learned_linear_vs_sigma2"));
        // Fig. 2a/b: −log p(w·w*) at the largest scale, experiment (points) and theory (lines), every σ²
        double top = results.Keys.Max();
        var figH = new FigureBuilder($"2310.03789 Fig. 2a/b: −log p(w·w*), α=β={F(top)} (points: Langevin, lines: Eq. 13)", "w·w*", "−log p");
        foreach (var (run, th) in results[top])
        {
            var bins = run.Histogram.Where(b => double.IsFinite(b.NegLogP)).ToList();
            figH.Series($"σ²={F(run.Settings.Noise)}", bins.Select(b => b.Center).ToArray(), bins.Select(b => b.NegLogP).ToArray(), bins.Select(b => double.IsFinite(b.NegLogPSe) ? b.NegLogPSe : 0).ToArray());
        }
        foreach (var (run, th) in results[top])
        {
            if (!double.IsFinite(th.B)) continue;
            // the theory over the range the experiment reached (so the y axis stays readable)
            var seen = run.Histogram.Where(b => b.Count > 0).ToList();
            double qLo = seen.Count > 0 ? seen.Min(b => b.Left) : -HistogramRange, qHi = seen.Count > 0 ? seen.Max(b => b.Right) : HistogramRange;
            var qs = Enumerable.Range(0, 121).Select(i => qLo + (qHi - qLo) * i / 120).ToArray();
            figH.Line($"theory σ²={F(run.Settings.Noise)}", qs, NegLogHistogram.TheoryNegLog(q => th.Model.ReducedAction(q, th.B, th.C), run.Settings.Dimension, qs));
        }
        figH.Save(Path.Combine(ctx.OutDir, "neg_log_p"));

        // verdicts
        var v = new List<Verdict>();
        var topList = results[top].OrderBy(x => x.Run.Settings.Noise).ToList();
        var s0 = topList[0].Run.Settings;
        if (ctx.Mode == ReproductionMode.Quick || top < 1)
            v.Add(new Verdict($"sizes: α=β={string.Join(", ", sz.Scales.Select(x => F(x)))} (largest: N={s0.Width}, n={s0.Samples}, d={s0.Dimension}, σ_a²={F(s0.SigmaA2, "0.####")}); {sz.Chains} chains × {sz.Burnin}+{sz.Steps} steps (η={F(topList[0].Run.Eta, "G3")}); paper: α=β up to 2, 200 networks × 360000 epochs — the transition sharpens only as α=β grows", null));
        int jump = 0; double best = double.NegativeInfinity;
        for (int i = 0; i + 1 < topList.Count; i++)
        {
            double dlt = Math.Abs(topList[i + 1].Run.LearnedCubic - topList[i].Run.LearnedCubic);
            if (dlt > best) { best = dlt; jump = i; }
        }
        if (topList.Count >= 2)
        {
            var (a, b) = (topList[jump].Run, topList[jump + 1].Run);
            double se = Math.Sqrt(Sq(a.LearnedCubicSem) + Sq(b.LearnedCubicSem));
            bool inside = crit.Sigma2C >= a.Settings.Noise && crit.Sigma2C <= b.Settings.Noise;
            bool significant = best > 2 * se;
            v.Add(new Verdict($"largest step of the learned cubic component (α=β={F(top)}): between σ² = {F(a.Settings.Noise)} and {F(b.Settings.Noise)} ({F(a.LearnedCubic, "0.000")} → {F(b.LearnedCubic, "0.000")}, |Δ| = {F(best, "0.000")} ± {F(se, "0.000")}); paper: sharp transition near σ² ≈ 0.18; theory (limit): σ²_c = {F(crit.Sigma2C, "0.0000")}, u_c = {F(crit.UC, "0.00")}"
                + (inside && significant ? " — the jump brackets σ²_c" : inside ? " — brackets σ²_c but is not significant (< 2 SE)" : " — does NOT bracket σ²_c"), inside && significant));
        }
        v.Add(new Verdict("learned cubic (experiment vs finite-d theory): " + string.Join("; ", topList.Select(x => $"σ²={F(x.Run.Settings.Noise)}: {F(x.Run.LearnedCubic, "0.000")} ± {F(x.Run.LearnedCubicSem, "0.000")} vs {F(x.Th.LearnedCubic, "0.000")}")) + $" (teacher ε = {F(Fig2Base.Epsilon)}; limit theory: {string.Join(", ", topList.Select(x => F(x.Th.LimitLearnedCubic, "0.000")))})", null));
        v.Add(new Verdict("learned linear 1 − b (experiment vs theory): " + string.Join("; ", topList.Select(x => $"σ²={F(x.Run.Settings.Noise)}: {F(x.Run.LearnedLinear, "0.000")} vs {F(x.Th.LearnedLinear, "0.000")}")), null));
        v.Add(new Verdict($"droplets (fraction of neurons with |w·w*| > {F(DropletThreshold)}; experiment vs theory density): " + string.Join("; ", topList.Select(x => $"σ²={F(x.Run.Settings.Noise)}: {F(x.Run.DropletFraction, "0.0000")} vs {F(x.Th.DropletMass, "0.0000")}")), null));
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }

    private static double Sq(double x) => double.IsFinite(x) ? x * x : 0;

    /// <summary>grok-fig3: the modular-addition theory (theory only, as the paper's Fig. 3).</summary>
    [Reproduction("grok-fig3", "2310.03789 Fig. 3: modular addition (theory) — per-mode action across GFL → GMFL-I → GMFL-II and the target component a vs σ²", 16, Needs.Adaptive)]
    public static ReproductionResult Fig3(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool full = ctx.Mode == ReproductionMode.Full;
        var method = full ? AveragingMethod.Quadrature : AveragingMethod.Saddle;
        var model = new ModularAddition(new ModularParameters());
        int count = full ? 221 : 56;
        var grid = Enumerable.Range(0, count).Select(i => 0.15 + 0.11 * i / (count - 1)).ToArray();
        var sols = new List<ModularSolution>();
        var table = new CsvTable("sigma2", "u", "a", "lambda", "g", "phi_plus", "action_plus", "droplet_weight", "phase");
        for (int i = 0; i < grid.Length; i++)
        {
            ctx.Progress.Report((double)i / grid.Length, $"grok-fig3 σ²={F(grid[i])}");
            var s = model.WithSigma2(grid[i]).Solve(method);
            sols.Add(s);
            table.Add(s.Sigma2, s.U, s.A, s.Lambda, s.G, s.PhiPlus, s.ActionPlus, s.DropletWeight, s.Phase.ToString());
        }
        table.Write(Path.Combine(ctx.OutDir, "target_component_vs_sigma2.csv"));
        var bounds = model.Boundaries(method, finiteP: true);
        // landscapes f(Φ) = S_k(Φ, Φ)/P at a few σ² across the phases
        var show = new[] { 0.26, 0.23, 0.2, 0.18, 0.16 };
        var land = new CsvTable("sigma2", "phi", "action_per_p");
        var figA = new FigureBuilder("2310.03789 Fig. 3a: modular addition, S_k(Φ,Φ)/P (theory)", "Φ = |w_k|²", "S_k/P");
        foreach (var s2 in show)
        {
            var sol = model.WithSigma2(s2).Solve(method);
            double phiMax = double.IsFinite(sol.PhiPlus) ? 1.4 * sol.PhiPlus : 1.4 * bounds.PhiStar;
            var phis = Enumerable.Range(0, 201).Select(i => phiMax * i / 200).ToArray();
            var f = phis.Select(p => model.DiagonalAction(p, sol.G)).ToArray();
            for (int i = 0; i < phis.Length; i++) land.Add(s2, phis[i], f[i]);
            figA.Line($"σ²={F(s2)} ({sol.Phase})", phis, f);
        }
        land.Write(Path.Combine(ctx.OutDir, "landscapes.csv"));
        figA.Save(Path.Combine(ctx.OutDir, "mode_action"));
        new FigureBuilder("2310.03789 Fig. 3b: modular addition, target component a (theory)", "σ²", "a")
            .Line($"a(σ²), {method}", sols.Select(s => s.Sigma2).ToArray(), sols.Select(s => s.A).ToArray())
            .Save(Path.Combine(ctx.OutDir, "target_component_vs_sigma2"));
        var atGmfl2 = sols.OrderBy(s => Math.Abs(s.Sigma2 - (bounds.Sigma2Gmfl2FiniteP ?? bounds.Sigma2Gmfl2Limit))).First();
        var v = new List<Verdict>
        {
            new($"GMFL-I starts at σ² = {F(bounds.Sigma2Gmfl1Limit, "0.0000")} (P → ∞ lever rule; finite P = 401, {method}: {(bounds.Sigma2Gmfl1FiniteP is double a ? F(a, "0.0000") : "n/a")}); paper: ≈ 0.227 — {Agree(bounds.Sigma2Gmfl1Limit, 0.227, 0.01)}", Math.Abs(bounds.Sigma2Gmfl1Limit - 0.227) <= 0.01),
            new($"GMFL-II starts at σ² = {F(bounds.Sigma2Gmfl2Limit, "0.0000")} (finite P: {(bounds.Sigma2Gmfl2FiniteP is double b ? F(b, "0.0000") : "n/a")}); paper: ≈ 0.175 — {Agree(bounds.Sigma2Gmfl2Limit, 0.175, 0.01)}", Math.Abs(bounds.Sigma2Gmfl2Limit - 0.175) <= 0.01),
            new($"target component a: −1 at the start of GMFL-I → {F(bounds.AAtGmfl2Limit, "0.000")} at the start of GMFL-II (limit; solved curve at σ²={F(atGmfl2.Sigma2, "0.000")}: {F(atGmfl2.A, "0.000")}); paper: −1 → −0.7 (a 30% drop: grokking)", Math.Abs(bounds.AAtGmfl2Limit + 0.7) <= 0.06),
        };
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }

    private static string Agree(double value, double paper, double tol) => Math.Abs(value - paper) <= tol ? $"within {F(tol)} of the paper" : $"differs from the paper by more than {F(tol)}";

    /// <summary>
    /// Grokking time of a mean test-loss trace: the first time the test MSE falls below the midpoint between its
    /// plateau (the maximum after the first 2% of the run) and its final value (mean of the last 10%); NaN when the
    /// drop is smaller than <paramref name="minDrop"/> of the plateau.
    /// </summary>
    public static double GrokTime(IReadOnlyList<double> time, IReadOnlyList<double> testMse, double minDrop = 0.05)
    {
        int n = time.Count;
        if (n < 10) return double.NaN;
        int from = Math.Max(1, n / 50);
        int peak = from;
        for (int i = from; i < n; i++) if (testMse[i] > testMse[peak]) peak = i;
        double final = testMse.Skip(n - Math.Max(1, n / 10)).Average();
        double plateau = testMse[peak];
        if (!(plateau - final > minDrop * plateau)) return double.NaN;
        double mid = 0.5 * (plateau + final);
        for (int i = peak; i < n; i++) if (testMse[i] <= mid) return time[i];
        return double.NaN;
    }

    /// <summary>grok-fig4-6: App. D, width-driven and time-dependent grokking.</summary>
    [Reproduction("grok-fig4-6", "2310.03789 App. D Figs. 4–6: width-driven, time-dependent grokking (N = 2800, 1400, 700 scaled) — −log p(w·w*), train/test loss vs Langevin time, He₁/He₃ projections vs time", 17, Needs.Trainer)]
    public static ReproductionResult Fig4to6(ReproductionContext ctx) => Fig4to6(ctx, GrokAppDSizes.For(ctx.Mode));

    /// <summary>grok-fig4-6 at given sizes.</summary>
    public static ReproductionResult Fig4to6(ReproductionContext ctx, GrokAppDSizes sz)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = new List<GrokRun>();
        var hist = new CsvTable("paper_width", "N", "q", "count", "density", "neg_log_p", "neg_log_p_se");
        var traces = new CsvTable("paper_width", "N", "step", "time", "train_mse", "test_mse", "test_mse_min", "test_mse_max", "train_linear", "train_cubic", "test_linear", "test_cubic");
        for (int k = 0; k < sz.Widths.Length; k++)
        {
            int paperN = sz.Widths[k];
            var s = sz.Settings(AppDBase, paperN);
            ctx.Progress.Report((double)k / sz.Widths.Length, $"grok-fig4-6 N={s.Width}");
            var run = RunCached(ctx.OutDir, FormattableString.Invariant($"N{s.Width}_d{s.Dimension}_n{s.Samples}"), s, NullProgress.Instance, ctx.Log);
            runs.Add(run);
            foreach (var b in run.Histogram) hist.Add(paperN, s.Width, b.Center, b.Count, b.Density, double.IsFinite(b.NegLogP) ? b.NegLogP : null, b.NegLogPSe);
            foreach (var t in run.Trace) traces.Add(paperN, s.Width, t.Step, t.Time, t.TrainMse, t.TestMse, t.TestMseMin, t.TestMseMax, t.TrainLinear, t.TrainCubic, t.TestLinear, t.TestCubic);
        }
        ctx.Progress.Report(1, "grok-fig4-6 plots");
        hist.Write(Path.Combine(ctx.OutDir, "fig4_neg_log_p.csv"));
        traces.Write(Path.Combine(ctx.OutDir, "fig5_6_traces.csv"));

        var f4 = new FigureBuilder("2310.03789 Fig. 4: −log p(w·w*) vs width (App. D)", "w·w*", "−log p");
        foreach (var r in runs)
        {
            var bins = r.Histogram.Where(b => double.IsFinite(b.NegLogP)).ToList();
            f4.Series($"N={r.Settings.Width}", bins.Select(b => b.Center).ToArray(), bins.Select(b => b.NegLogP).ToArray(), bins.Select(b => double.IsFinite(b.NegLogPSe) ? b.NegLogPSe : 0).ToArray());
        }
        f4.Save(Path.Combine(ctx.OutDir, "fig4_neg_log_p"));
        var f5 = new FigureBuilder("2310.03789 Fig. 5: train/test MSE vs Langevin time (means)", "Langevin time t = η·step", "MSE", logX: true);
        foreach (var r in runs)
        {
            var tr = r.Trace.Where(t => t.Time > 0).ToList();
            f5.Line($"test N={r.Settings.Width}", tr.Select(t => t.Time).ToArray(), tr.Select(t => t.TestMse).ToArray());
            f5.Line($"train N={r.Settings.Width}", tr.Select(t => t.Time).ToArray(), tr.Select(t => t.TrainMse).ToArray());
        }
        f5.Save(Path.Combine(ctx.OutDir, "fig5_loss_vs_time"));
        var f6 = new FigureBuilder("2310.03789 Fig. 6: projections on He₁ and εHe₃ vs time", "Langevin time t = η·step", "projection", logX: true);
        foreach (var r in runs)
        {
            var tr = r.Trace.Where(t => t.Time > 0).ToList();
            var x = tr.Select(t => t.Time).ToArray();
            f6.Line($"cubic test N={r.Settings.Width}", x, tr.Select(t => t.TestCubic).ToArray());
            f6.Line($"cubic train N={r.Settings.Width}", x, tr.Select(t => t.TrainCubic).ToArray());
            f6.Line($"linear test N={r.Settings.Width}", x, tr.Select(t => t.TestLinear).ToArray());
        }
        f6.Save(Path.Combine(ctx.OutDir, "fig6_projections_vs_time"));

        var v = new List<Verdict>();
        var first = runs[0].Settings;
        v.Add(new Verdict($"sizes: App. D with n={first.Samples}, d={first.Dimension}, σ_a²={F(first.SigmaA2, "0.#####")} (u = {string.Join(", ", runs.Select(r => F(r.Settings.Interaction, "0.0")))} as the paper's), σ²={F(first.Noise)}, ε={F(first.Epsilon)}, N = {string.Join(", ", runs.Select(r => r.Settings.Width))}; {sz.Chains} chains × Langevin time {F(sz.BurninTime)} + {F(sz.SampleTime)} (steps {string.Join(", ", runs.Select(r => r.Settings.Burnin + r.Settings.Steps))}); paper: 50 networks × 7·10⁶ epochs at N = 2800, 1400, 700", null));
        var finals = runs.Select(r => (N: r.Settings.Width, Test: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TestMse), Train: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TrainMse),
            Cubic: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TestCubic), CubicTrain: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TrainCubic),
            Grok: GrokTime(r.Trace.Select(t => t.Time).ToList(), r.Trace.Select(t => t.TestMse).ToList()), Drop: r.DropletFraction)).ToList();
        bool cubicOrdered = finals.Zip(finals.Skip(1)).All(p => p.Second.Cubic >= p.First.Cubic);
        v.Add(new Verdict("final cubic component on test (⟨f̄, He₃⟩/(6ε), 1 = learned; train in brackets): " + string.Join("; ", finals.Select(f => $"N={f.N}: {F(f.Cubic, "0.000")} ({F(f.CubicTrain, "0.000")})"))
            + $"; paper: narrower networks learn the cubic part (wide → NNGP, needs n ∝ d³) — {(cubicOrdered ? "ordered as in the paper (grows as N shrinks)" : "NOT monotone in N")}", cubicOrdered));
        v.Add(new Verdict("final MSE test/train: " + string.Join("; ", finals.Select(f => $"N={f.N}: {F(f.Test, "0.000")}/{F(f.Train, "0.000")}")), null));
        bool dropOrdered = finals.Zip(finals.Skip(1)).All(p => p.Second.Drop >= p.First.Drop);
        v.Add(new Verdict($"Fig. 4 side minima: fraction of neurons with |w·w*| > {F(DropletThreshold)}: " + string.Join("; ", finals.Select(f => $"N={f.N}: {F(f.Drop, "0.0000")}"))
            + $"; paper: unimodal at 2800, side minima at 1400 and 700 deepening as N shrinks — {(dropOrdered ? "ordered as in the paper" : "NOT monotone in N")}", dropOrdered));
        var groks = finals.Select(f => f.Grok).ToList();
        bool anyGrok = groks.Any(double.IsFinite);
        v.Add(new Verdict("grokking time (test MSE half-way from its plateau to its final value; '—' = no drop ≥ 5%): " + string.Join("; ", finals.Select(f => $"N={f.N}: {(double.IsFinite(f.Grok) ? F(f.Grok, "0.###") : "—")}"))
            + "; paper: the sharp late drop of the test loss appears at N = 700 (the narrowest)" + (anyGrok ? "" : " — no drop seen at these sizes"), null));
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
