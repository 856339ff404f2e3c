using FeatureScale.Numerics;
using FeatureScale.Experiments;
using FeatureScale.Observables;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using FeatureScale.Analysis;
using static FeatureScale.Reproductions.ArchReproductions;

namespace FeatureScale.Reproductions;

/// <summary>
/// Fig. 7b (and 7a) of arXiv 2512.04165 (registered by its [Reproduction] attribute): 2-parity, μ-Sp magnitude
/// ∝ (N/d)^{1/4}. Each run goes through <see cref="ArchReproductions.RunCached"/> into OutDir/runs/&lt;key&gt;.
/// </summary>
public static class Fig7b
{
    /// <summary>The pattern engine's parity2-relu μ-Sp magnitude μ = N^a d^b: (a, b).</summary>
    public static (double N, double D) ParityEngineMuExponents()
    {
        var mu = PatternEngine.Predict(ProblemLibrary.Parity2Relu()).Patterns.Single(p => p.Name == "mu-Sp");
        var m = mu.Minimum.Minimizers?["mu"] ?? throw new InvalidOperationException("parity2-relu: no μ minimiser");
        return (m["N"].ToDouble(), m["d"].ToDouble());
    }

    /// <summary>
    /// The expected largest |w_j·u| over N prior neurons, w_j·u ~ N(0, σ₁²/d) (Monte Carlo, 4000 draws).
    /// </summary>
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
        if (counts.Any(c => !(c > 0)))
            return new Verdict("specialised count (|w_j·w*_(1+2)| > 3σ₁/√d): zero at some width, no power law", null);
        var fit = PowerLawFit.Fit(xs, counts, 2000, 1);
        return new Verdict($"specialised count (|w_j·w*_(1+2)| > 3σ₁/√d) ∝ (N/d)^({F(fit.Exponent, "0.00")} ± {F((fit.CiHigh - fit.CiLow) / 2, "0.00")}): " +
            string.Join(", ", xs.Select((x, i) => $"N/d={F(x)}: {F(counts[i], "0.0")}") ) +
            $" — the degenerate M-Sp alternative (engine: M ∝ (N/d)^0.5, same Ẽ as μ-Sp with μ ∝ (N/d)^{F(engine.N)})", null);
    }

    /// <summary>
    /// Fig. 7b (and 7a): μ-Sp magnitude of the specialising neuron along w*_{1+2} vs N/d; −log density along it.
    /// </summary>
    [Reproduction("fig7b",
        "Two-layer ReLU on 2-parity: specialising-neuron magnitude vs width, expected (N/d)^(1/4)", 9,
        Needs.CrossEntropy, Needs.Trainer, Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx) => Run(ctx, ParitySizes.For(ctx.Mode));

    /// <summary>Fig. 7b (and 7a) at given sizes.</summary>
    public static ReproductionResult Run(ReproductionContext ctx, ParitySizes s)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var engine = ParityEngineMuExponents();
        const string Mu = "mu_e1+e2", Feature = "w.e1+e2";
        var rows = new List<(int N, double Mu, double Sem, double Rhat, double Prior, double Acc, double Spec,
            List<HistogramBin> Hist, double[] Replicates)>();
        var rng = RandomStream.For(1, 0, "fig7b-seed-bootstrap");
        var rhats = new List<double>();
        int total = s.Widths.Length * s.Seeds.Length, done = 0;
        foreach (int n in s.Widths)
        {
            var runs = new List<(ArchTrainSummary Summary, List<HistogramBin> Hist)>();
            foreach (int seed in s.Seeds)
            {
                ctx.Progress.Report((double)done++ / total, $"fig7b N={n} seed {seed}");
                runs.Add(RunCached(ctx.OutDir, s.Key(n, seed), s.Config(n, seed), NullProgress.Instance));
            }
            // the training sets are the independent samples at a width: their mean, its error and its replicates
            var mu = runs.Select(r => (Stat(r.Summary, Mu).Mean, Stat(r.Summary, Mu).Sem)).ToList();
            rhats.AddRange(runs.Select(r => Stat(r.Summary, Mu).Rhat));
            rows.Add((n, mu.Average(t => t.Mean), ReplicateMeans.Sem(mu), runs.Max(r => Stat(r.Summary, Mu).Rhat),
                PriorMaxProjection(n, s.D), runs.Average(r => Stat(r.Summary, "test_accuracy").Mean),
                runs.Average(r => Stat(r.Summary, "specialised_e1+e2").Mean),
                runs[0].Hist.Where(h => h.Feature == Feature).ToList(), ReplicateMeans.Draw(mu, 2000, rng)));
        }
        ctx.Progress.Report(1, "fig7b analysis");
        var xs = rows.Select(r => (double)r.N / s.D).ToArray();
        var mus = rows.Select(r => r.Mu).ToArray();
        var table = new CsvTable("d", "N", "n_over_d", "mu", "mu_sem", "mu_rhat", "prior_mu", "mu_over_prior",
            "n_over_d_quarter", "specialised", "test_accuracy");
        foreach (var r in rows)
            table.Add(s.D, r.N, (double)r.N / s.D, r.Mu, r.Sem, r.Rhat, r.Prior, r.Mu / r.Prior,
                Math.Pow((double)r.N / s.D, 0.25), r.Spec, r.Acc);
        table.Write(Path.Combine(ctx.OutDir, "mu_vs_width.csv"));
        // the interval: the union of the points' scatter about the line and each width's error (ExponentFit)
        var fit = ExponentFit.Estimate(xs, mus, rows.Select(r => r.Replicates).ToList(), 2000, 1);
        var prior = PowerLawFit.Fit(xs, rows.Select(r => r.Prior).ToArray(), 0, 1);
        double c = Math.Exp(xs.Zip(mus).Average(t => Math.Log(t.Second) - engine.N * Math.Log(t.First)));
        StudyPlots.Write(Path.Combine(ctx.OutDir, "mu_vs_width"),
            $"Fig. 7b: μ-Sp magnitude along w*_(1+2), 2-parity ReLU, d = {s.D}, P = {s.P}", "N/d",
            "max_j |w_j·(e1+e2)/√2|",
        [
            new("measured (± sem)", xs, mus, rows.Select(r => r.Sem).ToArray(), rows.Select(r => r.Sem).ToArray(),
                Line: false),
            new($"pattern engine μ ∝ (N/d)^{F(engine.N)}", xs, xs.Select(x => c * Math.Pow(x, engine.N)).ToArray(),
                Markers: false, Dashed: true),
            new("prior (no learning): E max_j |w_j·u|", xs, rows.Select(r => r.Prior).ToArray(), Markers: false),
        ], logX: true, logY: true);

        // Fig. 7a: −log density along w*_(1+2) at the smallest and largest width, beside the prior's Gaussian.
        var dens = new CsvTable("N", "center", "density", "h_pi", "h_prior");
        var curves = new List<PlotSeries>();
        foreach (var r in new[] { rows[0], rows[^1] }.Distinct())
        {
            var bins = r.Hist.Where(b => b.Density > 0).ToList();
            foreach (var b in bins)
            {
                double x = (b.Left + b.Right) / 2;
                dens.Add(r.N, x, b.Density, b.HPi, x * x * s.D / 2);
            }
            if (bins.Count > 0)
                curves.Add(new PlotSeries($"N = {r.N}", bins.Select(b => (b.Left + b.Right) / 2).ToArray(),
                    bins.Select(b => b.HPi).ToArray()));
        }
        dens.Write(Path.Combine(ctx.OutDir, "fig7a_density.csv"));
        var grid = Enumerable.Range(-40, 81).Select(k => k * 0.05).ToArray();
        curves.Add(new PlotSeries("prior −log density d u²/2", grid, grid.Select(u => u * u * s.D / 2).ToArray(),
            Markers: false, Dashed: true));
        StudyPlots.Write(Path.Combine(ctx.OutDir, "fig7a_neg_log_density"),
            "Fig. 7a: −log density of w_j·(e1+e2)/√2 (shifted to min 0)", "w_j·w*_(1+2)", "−log density", curves,
            logX: false, logY: false);

        var v = new List<Verdict>
        {
            Verdicts.Untrusted(Verdicts.Exponent("μ-Sp magnitude max_j|w_j·w*_(1+2)|", "(N/d)", fit,
                    paper: 0.25, theory: engine.N, theoryLabel: "pattern engine"),
                rhats.Count(r => r > PStarAnalysisSettings.DefaultRhatMax), rhats.Count,
                PStarAnalysisSettings.DefaultRhatMax),
            new($"prior baseline (extreme value of N Gaussian neurons, no learning) grows as (N/d)^{F(prior.Exponent, "0.00")}; measured/prior: " +
                string.Join(", ", rows.Select(r => $"N/d={F((double)r.N / s.D)}: {F(r.Mu / r.Prior, "0.00")}")) + " (> 1: a neuron specialised beyond the prior's largest)", null),
            new($"{s.Label} mode: d = {s.D}, P = {s.P}, κ = {F(s.Kappa)}, ε = {F(s.Noise)}, {s.Seeds.Length} training "
                + $"set{(s.Seeds.Length == 1 ? "" : "s")} × {s.Chains} chains × "
                + $"({s.BurninPerWidth}+{s.StepsPerWidth})·N "
                + $"steps of {s.Sampler.BaseName}"
                + $"{(s.RhatTarget is { } rt ? $", extended towards R̂ {F(rt)}" : "")} "
                + "(the paper gives no sizes); test accuracy " +
                string.Join(", ", rows.Select(r => $"N={r.N}: {F(r.Acc, "0.00")}")), null),
            CountVerdict(xs, rows.Select(r => r.Spec).ToArray(), engine),
            RhatNote(Mu, rhats),
        };
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
