using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using static FeatureScale.Reproductions.GrokReproductions;

namespace FeatureScale.Reproductions;

/// <summary>App. D Figs. 4–6 of arXiv 2310.03789 (registered by its [Reproduction] attribute).</summary>
public static class GrokFig4To6
{
    /// <summary>The App. D setting (Eq. D.44) at N = 700.</summary>
    public static CubicLangevinSettings AppDBase { get; } = new()
    {
        Width = 700, Samples = 600, Dimension = 150, SigmaW2 = 0.5, SigmaA2 = 0.011, Epsilon = -1.2, Noise = 0.05,
    };

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
    public static ReproductionResult Run(ReproductionContext ctx) => Run(ctx, GrokAppDSizes.For(ctx.Mode));

    /// <summary>grok-fig4-6 at given sizes.</summary>
    public static ReproductionResult Run(ReproductionContext ctx, GrokAppDSizes sz)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = new List<GrokRun>();
        var hist = new CsvTable("paper_width", "N", "q", "count", "density", "neg_log_p", "neg_log_p_se");
        var traces = new CsvTable("paper_width", "N", "step", "time", "train_mse", "test_mse", "test_mse_min",
            "test_mse_max", "train_linear", "train_cubic", "test_linear", "test_cubic");
        for (int k = 0; k < sz.Widths.Length; k++)
        {
            int paperN = sz.Widths[k];
            var s = sz.Settings(AppDBase, paperN);
            ctx.Progress.Report((double)k / sz.Widths.Length, $"grok-fig4-6 N={s.Width}");
            var run = RunCached(ctx.OutDir, FormattableString.Invariant($"N{s.Width}_d{s.Dimension}_n{s.Samples}"), s,
                NullProgress.Instance, ctx.Log);
            runs.Add(run);
            foreach (var b in run.Histogram)
                hist.Add(paperN, s.Width, b.Center, b.Count, b.Density, double.IsFinite(b.NegLogP) ? b.NegLogP : null,
                    b.NegLogPSe);
            foreach (var t in run.Trace)
                traces.Add(paperN, s.Width, t.Step, t.Time, t.TrainMse, t.TestMse, t.TestMseMin, t.TestMseMax,
                    t.TrainLinear, t.TrainCubic, t.TestLinear, t.TestCubic);
        }
        ctx.Progress.Report(1, "grok-fig4-6 plots");
        hist.Write(Path.Combine(ctx.OutDir, "fig4_neg_log_p.csv"));
        traces.Write(Path.Combine(ctx.OutDir, "fig5_6_traces.csv"));

        var f4 = new FigureBuilder("2310.03789 Fig. 4: −log p(w·w*) vs width (App. D)", "w·w*", "−log p");
        foreach (var r in runs)
        {
            var bins = r.Histogram.Where(b => double.IsFinite(b.NegLogP)).ToList();
            f4.Series($"N={r.Settings.Width}", bins.Select(b => b.Center).ToArray(),
                bins.Select(b => b.NegLogP).ToArray(),
                bins.Select(b => double.IsFinite(b.NegLogPSe) ? b.NegLogPSe : 0).ToArray());
        }
        f4.Save(Path.Combine(ctx.OutDir, "fig4_neg_log_p"));
        var f5 = new FigureBuilder("2310.03789 Fig. 5: train/test MSE vs Langevin time (means)",
            "Langevin time t = η·step", "MSE", logX: true);
        foreach (var r in runs)
        {
            var tr = r.Trace.Where(t => t.Time > 0).ToList();
            f5.Line($"test N={r.Settings.Width}", tr.Select(t => t.Time).ToArray(),
                tr.Select(t => t.TestMse).ToArray());
            f5.Line($"train N={r.Settings.Width}", tr.Select(t => t.Time).ToArray(),
                tr.Select(t => t.TrainMse).ToArray());
        }
        f5.Save(Path.Combine(ctx.OutDir, "fig5_loss_vs_time"));
        var f6 = new FigureBuilder("2310.03789 Fig. 6: projections on He₁ and εHe₃ vs time",
            "Langevin time t = η·step", "projection", logX: true);
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
        var finals = runs.Select(r => (N: r.Settings.Width,
            Test: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TestMse),
            Train: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TrainMse),
            Cubic: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TestCubic),
            CubicTrain: r.Trace.Skip(r.Trace.Count * 9 / 10).Average(t => t.TrainCubic),
            Grok: GrokTime(r.Trace.Select(t => t.Time).ToList(), r.Trace.Select(t => t.TestMse).ToList()),
            Drop: r.DropletFraction)).ToList();
        bool cubicOrdered = finals.Zip(finals.Skip(1)).All(p => p.Second.Cubic >= p.First.Cubic);
        v.Add(new Verdict("final cubic component on test (⟨f̄, He₃⟩/(6ε), 1 = learned; train in brackets): " + string.Join("; ", finals.Select(f => $"N={f.N}: {F(f.Cubic, "0.000")} ({F(f.CubicTrain, "0.000")})"))
            + $"; paper: narrower networks learn the cubic part (wide → NNGP, needs n ∝ d³) — {(cubicOrdered ? "ordered as in the paper (grows as N shrinks)" : "NOT monotone in N")}", cubicOrdered));
        v.Add(new Verdict("final MSE test/train: "
            + string.Join("; ", finals.Select(f => $"N={f.N}: {F(f.Test, "0.000")}/{F(f.Train, "0.000")}")), null));
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
