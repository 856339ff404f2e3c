using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using FeatureScale.Analysis;
using static FeatureScale.Reproductions.ArchReproductions;

namespace FeatureScale.Reproductions;

/// <summary>
/// Fig. 3b of arXiv 2512.04165 (registered by its [Reproduction] attribute): softmax attention, P* ∝ √(L d³). Each
/// run goes through <see cref="ArchReproductions.RunCached"/> into OutDir/runs/&lt;key&gt;.
/// </summary>
public static class Fig3b
{
    /// <summary>
    /// The pattern engine's attention-cubic prediction: exponents of the specialised P* in L and d (fixed H).
    /// </summary>
    public static (double L, double D) AttentionEngineExponents()
    {
        var sp = PatternEngine.Predict(ProblemLibrary.AttentionCubic()).Patterns.Single(p => p.Name == "specialised");
        var e = sp.Minimum.Energy
            ?? throw new InvalidOperationException("attention-cubic: no single specialised energy");
        return (e["L"].ToDouble(), e["d"].ToDouble());
    }

    /// <summary>One (d, L) series of Fig. 3b: A_f (mean, sem) at each P, and its P* at the threshold.</summary>
    public sealed record AttentionSeries(int D, int L, double[] P, double[] Af, double[] AfSem, double[] Rhat,
        Crossing PStar)
    {
        /// <summary>√(L d³), the predicted scale of P*.</summary>
        public double Scale => Math.Sqrt(L * Math.Pow(D, 3));
    }

    /// <summary>
    /// Fig. 3b analysis: P* per series and the exponents of P* in L (at fixed d) and in d (at fixed L).
    /// </summary>
    public static (List<(string Label, double Exponent)> Slopes, double Spread, double LazySpread) AnalyseAttention(
        IReadOnlyList<AttentionSeries> series)
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

    /// <summary>
    /// Fig. 3b: A_f vs P/√(L d³) for several (d, L), P* at the threshold, beside the engine's √(L d³).
    /// </summary>
    [Reproduction("fig3b", "Softmax attention: A_f vs P/√(L d³)", 5, Needs.Attention, Needs.Trainer, Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx) => Run(ctx, AttentionSizes.For(ctx.Mode));

    /// <summary>Fig. 3b at given sizes.</summary>
    public static ReproductionResult Run(ReproductionContext ctx, AttentionSizes s)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var engine = AttentionEngineExponents();
        var series = new List<AttentionSeries>();
        var table = new CsvTable("d", "L", "heads", "P", "x_P_over_sqrt_L_d3", "alignment", "alignment_sem",
            "alignment_rhat", "test_mse", "max_abs_w23_z", "spiked_heads", "eta", "wall_seconds");
        int total = s.Series.Length * s.Ratios.Length, done = 0;
        foreach (var (d, l) in s.Series)
        {
            var ps = new List<double>(); var af = new List<double>();
            var sem = new List<double>(); var rh = new List<double>();
            foreach (var x in s.Ratios)
            {
                var cfg = s.Config(d, l, x);
                ctx.Progress.Report((double)done / total, $"fig3b d={d} L={l} P={cfg.P}");
                var (sum, _) = RunCached(ctx.OutDir, $"d{d}_L{l}_P{cfg.P}", cfg, NullProgress.Instance);
                done++;
                var a = Stat(sum, "alignment");
                ps.Add(cfg.P); af.Add(a.Mean); sem.Add(a.Sem); rh.Add(a.Rhat);
                table.Add(d, l, s.Heads, cfg.P, cfg.P / Math.Sqrt(l * Math.Pow(d, 3)), a.Mean, a.Sem, a.Rhat,
                    Stat(sum, "test_mse").Mean, Stat(sum, "max_abs_w23_z").Mean, Stat(sum, "spiked_heads").Mean,
                    sum.Eta, sum.WallSeconds);
            }
            series.Add(new AttentionSeries(d, l, ps.ToArray(), af.ToArray(), sem.ToArray(), rh.ToArray(),
                PStar.Find(ps.ToArray(), af.ToArray(), s.Threshold)));
        }
        ctx.Progress.Report(1, "fig3b analysis");
        table.Write(Path.Combine(ctx.OutDir, "alignment_vs_p.csv"));
        var pt = new CsvTable("d", "L", "pstar", "crossing", "sqrt_L_d3", "pstar_over_sqrt_L_d3");
        foreach (var r in series)
            pt.Add(r.D, r.L, r.PStar.Found ? r.PStar.Value : null, r.PStar.Kind.ToString(), r.Scale,
                r.PStar.Found ? r.PStar.Value / r.Scale : null);
        pt.Write(Path.Combine(ctx.OutDir, "pstar.csv"));

        StudyPlots.Write(Path.Combine(ctx.OutDir, "alignment_vs_p_over_sqrt_L_d3"),
            $"Fig. 3b: softmax attention (H = {s.Heads}, κ = {F(s.Kappa)}): A_f vs P/√(L d³)", "P/√(L d³)", "A_f",
            series.Select(r => new PlotSeries($"d = {r.D}, L = {r.L}", r.P.Select(p => p / r.Scale).ToArray(), r.Af,
                r.AfSem, r.AfSem)).ToList(),
            logX: true, logY: false, horizontalLine: s.Threshold, horizontalLabel: $"A_f = {F(s.Threshold)} (P*)");

        var (slopes, spread, lazySpread) = AnalyseAttention(series);
        var v = new List<Verdict>
        {
            new($"{s.Label} mode is far from the paper's size (paper: d = 8, 16, L up to 720, P = 350–1000; "
                + $"here d, L = {string.Join(", ", s.Series.Select(t => $"({t.D}, {t.L})"))}, "
                + $"{s.Chains} chains × {s.Burnin}+{s.Steps} steps of {s.Sampler.BaseName}"
                + $"{(s.RhatTarget is { } rt ? $", extended towards R̂ {F(rt)}" : "")})", null),
            new($"P* (A_f = {F(s.Threshold)}) / √(L d³): " + string.Join("; ", series.Select(r => r.PStar.Found ? $"d={r.D}, L={r.L}: {F(r.PStar.Value, "0")} → {F(r.PStar.Value / r.Scale, "0.00")}" : $"d={r.D}, L={r.L}: no crossing (A_f {F(r.Af.Min(), "0.00")}…{F(r.Af.Max(), "0.00")})"))
                + (double.IsFinite(spread) ? $" — max/min of P*/√(L d³) = {F(spread, "0.00")} (1 = perfect collapse; paper: collapse with onset near 1); lazy scaling P*/(L d³): max/min = {F(lazySpread, "0.0")}" : ""), null),
            new($"P* slopes (two-point, no CI): {(slopes.Count == 0 ? "none (too few crossings)" : string.Join("; ", slopes.Select(t => $"{t.Label}: {F(t.Exponent, "0.00")}")))}; pattern engine (specialised heads, fixed H): P* ∝ L^{F(engine.L)} d^{F(engine.D)}; paper: slopes ≈ 0.5 in L, 1.5 in d", null),
            RhatNote("A_f", series.SelectMany(r => r.Rhat)),
        };
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
