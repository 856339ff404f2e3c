using FeatureScale.Reporting;
using FeatureScale.Theory.Adaptive;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using static FeatureScale.Reproductions.GrokReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 2 of arXiv 2310.03789 (registered by its [Reproduction] attribute).</summary>
public static class GrokFig2
{
    /// <summary>The paper's Fig. 2 setting at α = β = 1 (App. C, Eq. C.43).</summary>
    public static CubicLangevinSettings Fig2Base { get; } = new()
    {
        Width = 700, Samples = 3000, Dimension = 150, SigmaW2 = 0.5, SigmaA2 = 8.0 / 700, Epsilon = -0.3, Noise = 0.18,
    };

    /// <summary>
    /// Mass of the normalised density exp(−scale·Ŝ(q)) with |q| &gt; threshold (trapezoid on a fine grid).
    /// </summary>
    public static double TheoryMassBeyond(Func<double, double> reducedAction, double scale, double threshold,
        double qMax = 4, int grid = 8001)
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

    /// <summary>
    /// Theory at one setting: the finite-d self-consistent (b, c) by quadrature (continued from the previous b), the
    /// thermodynamic-limit phase, and the action of the chosen branch.
    /// </summary>
    public sealed record CubicTheoryPoint(double Sigma2, double U, double B, double C, double LearnedCubic,
        double LearnedLinear, double LimitLearnedCubic, string LimitPhase, double DropletMass, int Branches,
        CubicTeacher Model);

    /// <summary>Theory along a σ² grid, continued from the largest σ² (the GFL side) downwards.</summary>
    public static List<CubicTheoryPoint> TheoryAlong(CubicTeacherParameters p, IReadOnlyList<double> noise)
    {
        var pts = new List<CubicTheoryPoint>();
        double? prevB = null;
        foreach (var s2 in noise.OrderByDescending(v => v))
        {
            var m = new CubicTeacher(p with { Sigma2 = s2 });
            var all = m.SolveAll(AveragingMethod.Quadrature);
            var sol = all.Count == 0 ? null
                : prevB is double pb ? all.OrderBy(x => Math.Abs(x.B - pb)).First()
                : all.OrderByDescending(x => x.B).First();
            var lim = m.LimitPhase();
            double b = sol?.B ?? double.NaN, c = sol?.C ?? double.NaN;
            double mass = sol is null ? double.NaN
                : TheoryMassBeyond(q => m.ReducedAction(q, b, c), p.Dimension, DropletThreshold);
            pts.Add(new CubicTheoryPoint(s2, m.P.Interaction, b, c, p.Epsilon - c, 1 - b, p.Epsilon - lim.C,
                lim.Phase.ToString(), mass, all.Count, m));
            if (sol is not null) prevB = sol.B;
        }
        pts.Reverse();
        return pts;
    }

    private static string Key(double scale, double s2) =>
        FormattableString.Invariant($"scale{scale:0.###}_s2_{s2:0.###}");

    /// <summary>
    /// grok-fig2: cubic teacher, −log p(w·w*) and the learned cubic component vs σ², Langevin vs theory.
    /// </summary>
    [Reproduction("grok-fig2", "2310.03789 Fig. 2: cubic teacher (He₁ − 0.3 He₃, erf, Langevin) — −log p(w·w*) and the learned cubic component vs σ², experiment beside the adaptive-kernel theory; first-order jump near σ²_c ≈ 0.18", 15, Needs.Trainer, Needs.Adaptive,
        Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx) => Run(ctx, GrokFig2Sizes.For(ctx.Mode));

    /// <summary>grok-fig2 at given sizes.</summary>
    public static ReproductionResult Run(ReproductionContext ctx, GrokFig2Sizes sz)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var crit = new CubicTeacher(new CubicTeacherParameters()).CriticalPoint();
        var table = new CsvTable("alpha_beta", "N", "n", "d", "sigma_a2", "sigma2", "u", "learned_cubic",
            "learned_cubic_sem", "learned_linear", "learned_linear_sem", "droplet_fraction", "theory_learned_cubic",
            "theory_learned_linear", "theory_limit_learned_cubic", "theory_limit_phase", "theory_droplet_mass",
            "theory_b", "theory_c", "eta", "wall_seconds");
        var hist = new CsvTable("alpha_beta", "sigma2", "q", "count", "density", "neg_log_p", "neg_log_p_se",
            "theory_neg_log_p");
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
                var s = baseS with
                {
                    Noise = s2, Chains = sz.Chains, Burnin = sz.Burnin, Steps = sz.Steps, Thin = sz.Thin,
                    Sampler = sz.Sampler,
                    TraceEvery = Math.Max(sz.Thin, 100), TestPoints = sz.TestPoints
                };
                ctx.Progress.Report((double)done / total, $"grok-fig2 α=β={F(scale)} σ²={F(s2)}");
                var run = RunCached(ctx.OutDir, Key(scale, s2), s, NullProgress.Instance, ctx.Log);
                done++;
                var th = theory.First(t => t.Sigma2 == s2);
                list.Add((run, th));
                table.Add(scale, s.Width, s.Samples, s.Dimension, s.SigmaA2, s2, s.Interaction, run.LearnedCubic,
                    run.LearnedCubicSem, run.LearnedLinear, run.LearnedLinearSem, run.DropletFraction, th.LearnedCubic,
                    th.LearnedLinear, th.LimitLearnedCubic, th.LimitPhase, th.DropletMass, th.B, th.C, run.Eta,
                    run.WallSeconds);
                var centres = run.Histogram.Select(b => b.Center).ToArray();
                var tneg = double.IsFinite(th.B)
                    ? NegLogHistogram.TheoryNegLog(q => th.Model.ReducedAction(q, th.B, th.C), s.Dimension, centres)
                    : centres.Select(_ => double.NaN).ToArray();
                for (int i = 0; i < centres.Length; i++)
                {
                    var b = run.Histogram[i];
                    hist.Add(scale, s2, b.Center, b.Count, b.Density, double.IsFinite(b.NegLogP) ? b.NegLogP : null,
                        b.NegLogPSe, tneg[i]);
                }
            }
            results[scale] = list;
        }
        ctx.Progress.Report(1, "grok-fig2 plots");
        table.Write(Path.Combine(ctx.OutDir, "learned_components.csv"));
        hist.Write(Path.Combine(ctx.OutDir, "neg_log_p.csv"));

        // Fig. 2c: learned cubic component vs σ²
        var fig = new FigureBuilder("2310.03789 Fig. 2c: learned cubic component vs σ² (ε = −0.3)", "σ²",
            "learned cubic component (ε − c)");
        foreach (var (scale, list) in results)
        {
            fig.Series($"Langevin α=β={F(scale)}", list.Select(x => x.Run.Settings.Noise).ToArray(),
                list.Select(x => x.Run.LearnedCubic).ToArray(), list.Select(x => x.Run.LearnedCubicSem).ToArray());
            fig.Line($"theory (finite d, quadrature) α=β={F(scale)}", list.Select(x => x.Th.Sigma2).ToArray(),
                list.Select(x => x.Th.LearnedCubic).ToArray());
        }
        var dense = Enumerable.Range(0, 41).Select(i => 0.1 + 0.2 * i / 40).ToArray();
        fig.Line("theory (thermodynamic limit at α=β=1, lever rule)", dense, dense.Select(v => Fig2Base.Epsilon
            - new CubicTeacher(new CubicTeacherParameters() with { Sigma2 = v }).LimitPhase().C).ToArray());
        fig.Save(Path.Combine(ctx.OutDir, "learned_cubic_vs_sigma2"));
        var figL = new FigureBuilder("2310.03789 Fig. 2c inset: learned linear component vs σ²", "σ²",
            "learned linear component (1 − b)");
        foreach (var (scale, list) in results)
        {
            figL.Series($"Langevin α=β={F(scale)}", list.Select(x => x.Run.Settings.Noise).ToArray(),
                list.Select(x => x.Run.LearnedLinear).ToArray(), list.Select(x => x.Run.LearnedLinearSem).ToArray());
            figL.Line($"theory α=β={F(scale)}", list.Select(x => x.Th.Sigma2).ToArray(),
                list.Select(x => x.Th.LearnedLinear).ToArray());
        }
        figL.Save(Path.Combine(ctx.OutDir, "learned_linear_vs_sigma2"));
        // Fig. 2a/b: −log p(w·w*) at the largest scale, experiment (points) and theory (lines), every σ²
        double top = results.Keys.Max();
        var figH = new FigureBuilder($"2310.03789 Fig. 2a/b: −log p(w·w*), α=β={F(top)} (points: Langevin, lines: Eq. 13)", "w·w*", "−log p");
        foreach (var (run, th) in results[top])
        {
            var bins = run.Histogram.Where(b => double.IsFinite(b.NegLogP)).ToList();
            figH.Series($"σ²={F(run.Settings.Noise)}", bins.Select(b => b.Center).ToArray(),
                bins.Select(b => b.NegLogP).ToArray(),
                bins.Select(b => double.IsFinite(b.NegLogPSe) ? b.NegLogPSe : 0).ToArray());
        }
        foreach (var (run, th) in results[top])
        {
            if (!double.IsFinite(th.B)) continue;
            // the theory over the range the experiment reached (so the y axis stays readable)
            var seen = run.Histogram.Where(b => b.Count > 0).ToList();
            double qLo = seen.Count > 0 ? seen.Min(b => b.Left) : -HistogramRange,
                qHi = seen.Count > 0 ? seen.Max(b => b.Right) : HistogramRange;
            var qs = Enumerable.Range(0, 121).Select(i => qLo + (qHi - qLo) * i / 120).ToArray();
            figH.Line($"theory σ²={F(run.Settings.Noise)}", qs,
                NegLogHistogram.TheoryNegLog(q => th.Model.ReducedAction(q, th.B, th.C), run.Settings.Dimension, qs));
        }
        figH.Save(Path.Combine(ctx.OutDir, "neg_log_p"));

        // verdicts
        var v = new List<Verdict>();
        var topList = results[top].OrderBy(x => x.Run.Settings.Noise).ToList();
        var s0 = topList[0].Run.Settings;
        string sampler = sz.Sampler is null ? $"ULA (η={F(topList[0].Run.Eta, "G3")})" : sz.Sampler.BaseName;
        if (ctx.Mode == ReproductionMode.Quick || top < 1)
            v.Add(new Verdict($"sizes: α=β={string.Join(", ", sz.Scales.Select(x => F(x)))} (largest: N={s0.Width}, "
                + $"n={s0.Samples}, d={s0.Dimension}, σ_a²={F(s0.SigmaA2, "0.####")}); {sz.Chains} chains × "
                + $"{sz.Burnin}+{sz.Steps} steps of {sampler}; paper: α=β up to 2, 200 networks × 360000 epochs — "
                + "the transition sharpens only as α=β grows", null));
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
            v.Add(Verdicts.Untrusted(new Verdict($"largest step of the learned cubic component (α=β={F(top)}): "
                + $"between σ² = {F(a.Settings.Noise)} and {F(b.Settings.Noise)} ({F(a.LearnedCubic, "0.000")} → "
                + $"{F(b.LearnedCubic, "0.000")}, |Δ| = {F(best, "0.000")} ± {F(se, "0.000")}); paper: sharp "
                + $"transition near σ² ≈ 0.18; theory (limit): σ²_c = {F(crit.Sigma2C, "0.0000")}, "
                + $"u_c = {F(crit.UC, "0.00")}"
                + (inside && significant ? " — the jump brackets σ²_c"
                    : inside ? " — brackets σ²_c but is not significant (< 2 SE)" : " — does NOT bracket σ²_c"),
                inside && significant),
                topList.Count(x => x.Run.CubicRhat > PStarAnalysisSettings.DefaultRhatMax), topList.Count,
                PStarAnalysisSettings.DefaultRhatMax));
        }
        if (results.Count >= 2) v.Add(Sharpening(results));
        v.Add(ChainNote(results.Values.SelectMany(l => l.Select(x => x.Run)).ToList()));
        v.Add(new Verdict("learned cubic (experiment vs finite-d theory): " + string.Join("; ", topList.Select(x => $"σ²={F(x.Run.Settings.Noise)}: {F(x.Run.LearnedCubic, "0.000")} ± {F(x.Run.LearnedCubicSem, "0.000")} vs {F(x.Th.LearnedCubic, "0.000")}")) + $" (teacher ε = {F(Fig2Base.Epsilon)}; limit theory: {string.Join(", ", topList.Select(x => F(x.Th.LimitLearnedCubic, "0.000")))})", null));
        v.Add(new Verdict("learned linear 1 − b (experiment vs theory): " + string.Join("; ", topList.Select(x => $"σ²={F(x.Run.Settings.Noise)}: {F(x.Run.LearnedLinear, "0.000")} vs {F(x.Th.LearnedLinear, "0.000")}")), null));
        v.Add(new Verdict($"droplets (fraction of neurons with |w·w*| > {F(DropletThreshold)}; experiment vs theory density): " + string.Join("; ", topList.Select(x => $"σ²={F(x.Run.Settings.Noise)}: {F(x.Run.DropletFraction, "0.0000")} vs {F(x.Th.DropletMass, "0.0000")}")), null));
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Whether the jump sharpens with the scale (the paper: a first-order transition as α = β grows): at every scale
    /// the steepest step of the learned cubic between neighbouring σ², |Δc|/Δσ² ± its SE, beside the finite-d
    /// theory's; "sharpens" when each scale's slope exceeds the previous one's by more than 2 SE and every run's
    /// chains mixed (within-chain split-R̂ ≤ 1.1), else inconclusive, with the numbers.
    /// </summary>
    internal static Verdict Sharpening(IReadOnlyDictionary<double, List<(GrokRun Run, CubicTheoryPoint Th)>> results)
    {
        var rows = new List<(double Scale, double Slope, double Se, double Lo, double Hi, double Theory)>();
        foreach (var (scale, list) in results.OrderBy(kv => kv.Key))
        {
            var l = list.OrderBy(x => x.Run.Settings.Noise).ToList();
            (double Slope, double Se, double Lo, double Hi) best = (double.NaN, double.NaN, double.NaN, double.NaN);
            double theory = double.NaN;
            for (int i = 0; i + 1 < l.Count; i++)
            {
                double dx = l[i + 1].Run.Settings.Noise - l[i].Run.Settings.Noise;
                double slope = Math.Abs(l[i + 1].Run.LearnedCubic - l[i].Run.LearnedCubic) / dx;
                if (!(slope <= best.Slope))
                    best = (slope, Math.Sqrt(Sq(l[i].Run.LearnedCubicSem) + Sq(l[i + 1].Run.LearnedCubicSem)) / dx,
                        l[i].Run.Settings.Noise, l[i + 1].Run.Settings.Noise);
                double ts = Math.Abs(l[i + 1].Th.LearnedCubic - l[i].Th.LearnedCubic) / dx;
                if (double.IsFinite(ts) && !(ts <= theory)) theory = ts;
            }
            rows.Add((scale, best.Slope, best.Se, best.Lo, best.Hi, theory));
        }
        bool sharpens = rows.Zip(rows.Skip(1)).All(p => p.Second.Slope - p.First.Slope
            > 2 * Math.Sqrt(Sq(p.First.Se) + Sq(p.Second.Se)));
        var runs = results.Values.SelectMany(l => l.Select(x => x.Run)).ToList();
        int unmixed = runs.Count(r => r.CubicRhat > PStarAnalysisSettings.DefaultRhatMax);
        string text = "sharpening of the jump with α=β (steepest |Δ learned cubic|/Δσ² between neighbouring σ², ± SE; "
            + "finite-d theory in brackets): " + string.Join("; ", rows.Select(r =>
                $"α=β={F(r.Scale)}: {F(r.Slope, "0.00")} ± {F(r.Se, "0.00")} at σ² {F(r.Lo)}–{F(r.Hi)} "
                + $"({F(r.Theory, "0.00")})"))
            + "; paper: the jump sharpens towards a first-order transition at σ²_c as α=β grows — "
            + (sharpens ? "sharpens (each slope above the last by > 2 SE)"
                : "no sharpening resolved (slopes not increasing by > 2 SE)");
        var v = new Verdict(text, sharpens ? true : null);
        return Verdicts.Untrusted(v, unmixed, runs.Count, PStarAnalysisSettings.DefaultRhatMax);
    }

    /// <summary>The within-chain split-R̂ and ESS of the learned cubic over the runs (absent in old runs).</summary>
    internal static Verdict ChainNote(IReadOnlyList<GrokRun> runs)
    {
        var r = runs.Where(x => x.CubicRhat is { } v && double.IsFinite(v)).ToList();
        if (r.Count == 0)
            return new Verdict(
                "chains: no within-chain R̂ (under 4 kept samples per chain, or runs stored by an older build)", null);
        var rh = r.Select(x => x.CubicRhat!.Value).OrderBy(x => x).ToList();
        double ess = r.Min(x => x.CubicEss ?? double.NaN);
        return new Verdict($"chains: within-chain split-R̂ of the learned cubic median {F(rh[rh.Count / 2], "0.00")}, "
            + $"max {F(rh[^1], "0.00")} over {r.Count} runs; fewest effective samples in a run {F(ess, "0")}"
            + (rh[^1] > PStarAnalysisSettings.DefaultRhatMax
                ? " — some chains still drift: treat those σ² as indicative" : ""),
            null);
    }

    private static double Sq(double x) => double.IsFinite(x) ? x * x : 0;
}
