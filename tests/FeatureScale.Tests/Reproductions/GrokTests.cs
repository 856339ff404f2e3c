using FeatureScale.Data;
using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Experiments;
using FeatureScale.Reproductions;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reproductions;

/// <summary>
/// The 2310.03789 experiments: the teacher grammar for He₁ + εHe₃, the mapping of the paper's priors and noise onto
/// the trainer (checked against GP regression in the wide limit), the −log p histogram helper against known
/// densities, the loss-trace recording, and the three reproductions end to end at tiny sizes.
/// </summary>
public class GrokTests
{
    [Theory]
    [InlineData("h1-1.8*he3")]
    [InlineData("h1+-1.8*he3")]
    [InlineData(" h1 - 1.8*he3 ")]
    public void TeacherGrammarExpressesTheCubicTeacher(string spec)
    {
        var terms = Teacher.ParseTerms(spec);
        Assert.Equal(2, terms.Count);
        var t = new Teacher(terms, [1.0, 0, 0]);
        foreach (var z in new[] { -2.3, -0.4, 0, 0.7, 1.9 })
            Assert.Equal(z - 0.3 * (z * z * z - 3 * z), t.Evaluate(z), 12);
    }

    [Fact]
    public void TeacherGrammarKeepsOldFormsAndExponents()
    {
        var a = Teacher.ParseTerms("0.5*h1+h3");
        Assert.Equal([0.5, 1.0], a.Select(x => x.Coefficient));
        var b = Teacher.ParseTerms("1e-3*h2+h4");
        Assert.Equal(1e-3, b[0].Coefficient);
        Assert.Equal(2, b.Count);
        var c = Teacher.ParseTerms("h1-h3");
        Assert.Equal([1.0, -1.0], c.Select(x => x.Coefficient));
        Assert.Equal([1, 3], c.Select(x => x.Degree));
        Assert.Throws<ConfigException>(() => Teacher.ParseTerms("h1-x3"));
    }

    [Theory]
    [InlineData(-0.3)]
    [InlineData(-1.2)]
    [InlineData(0.25)]
    public void SettingsTargetIsHe1PlusEpsilonHe3(double eps)
    {
        var s = new CubicLangevinSettings { Epsilon = eps };
        var t = new Teacher(Teacher.ParseTerms(s.TargetSpec), [0.0, 1.0]);
        foreach (var z in new[] { -1.7, 0.3, 2.2 })
            Assert.Equal(z + eps * (z * z * z - 3 * z), t.Evaluate(z), 12);
    }

    [Fact]
    public void PaperParametersMapOntoTheTrainersPriorsAndTemperature()
    {
        var s = GrokFig2.Fig2Base with { Noise = 0.2 };
        var rc = s.ToTrainConfig().Resolve();
        var blocks = rc.Architecture.Blocks();
        Assert.Equal(0.5 / 150, blocks[0].PriorVariance, 15);           // W ~ N(0, σ_w²/d)
        Assert.Equal(8.0 / 700 / 700, blocks[1].PriorVariance, 15);     // a ~ N(0, σ_a²/N), σ_a² = 8/N
        Assert.Equal(0.2, rc.Kappa, 15);                                 // κ = σ² (noise = temperature)
        Assert.Equal(700 * 150, blocks[0].Length);
        Assert.Equal(30.234, (s with { Noise = 0.18 }).Interaction, 3);  // u = n²σ_a²/(σ⁴dN) at the paper's σ² = 0.18
        var scaled = GrokFig2.Fig2Base.Scaled(0.125, 0.125);
        Assert.Equal((88, 375, 53), (scaled.Width, scaled.Samples, scaled.Dimension));
        Assert.InRange(scaled.Interaction / GrokFig2.Fig2Base.Interaction, 0.97, 1.03); // u invariant up to rounding
    }

    [Fact]
    public void WideNetworkEnsembleMatchesGpRegressionOfTheMappedPrior()
    {
        // Standard scaling with σ_a² = O(1) and a wide layer: the posterior mean is the NNGP GP-regression mean with
        // kernel σ_a² E[erf(w·x) erf(w·x′)], w ~ N(0, σ_w²/d), and ridge σ² — a mis-mapped prior variance or
        // temperature would move the learned components.
        var s = new CubicLangevinSettings
        {
            Width = 400, Samples = 40, Dimension = 4, SigmaW2 = 1.0, SigmaA2 = 1.0, Epsilon = -0.3, Noise = 0.2,
            Chains = 8, Burnin = 600, Steps = 3000, Thin = 15, TraceEvery = 3600, TestPoints = 600, NewDataPerChain = false, Seed = 7, Threads = 2,
        };
        var r = CubicLangevin.Run(s);
        // GP on the same training and test sets (the trainer's streams)
        var dir = new double[s.Dimension];
        RandomStream.For(s.Seed, 0, "teacher").FillGaussian(dir);
        var teacher = new Teacher(Teacher.ParseTerms(s.TargetSpec), dir);
        var inputs = new GaussianInputs(s.Dimension);
        var train = Dataset.Draw(inputs, teacher, s.Samples, RandomStream.For(s.Seed, 0, "train"));
        var test = Dataset.Draw(inputs, teacher, s.TestPoints, RandomStream.For(s.Seed, 0, "test"));
        var gp = new GaussianProcessRegression(new NngpKernel(FeatureScale.Activations.Activation.Parse("erf"), [s.SigmaW2, s.SigmaA2]), train.X, s.Samples, s.Dimension, train.Y, s.Noise);
        var mean = gp.Mean(test.X, s.TestPoints);
        var basis = new HermiteProjection(test.Phi);
        var (he1, he3) = basis.Coefficients(mean);
        Assert.InRange(he1, 0.3, 1.2); // a non-trivial prediction (sample projection on the test set)
        Assert.InRange(r.LearnedLinear - he1, -(4 * r.LearnedLinearSem + 0.005), 4 * r.LearnedLinearSem + 0.005);
        Assert.InRange(r.LearnedCubic - he3, -(4 * r.LearnedCubicSem + 0.005), 4 * r.LearnedCubicSem + 0.005);
        // and a prior 4× too wide in the read-out would not pass
        var gpWrong = new GaussianProcessRegression(new NngpKernel(FeatureScale.Activations.Activation.Parse("erf"), [s.SigmaW2, 4 * s.SigmaA2]), train.X, s.Samples, s.Dimension, train.Y, s.Noise);
        var mw = gpWrong.Mean(test.X, s.TestPoints);
        double he1w = basis.Coefficients(mw).He1;
        Assert.True(Math.Abs(r.LearnedLinear - he1w) > 4 * r.LearnedLinearSem + 0.02, $"wrong prior {he1w} vs {r.LearnedLinear}");
    }

    [Fact]
    public void HermiteProjectionRecoversCoefficientsExactlyOnASample()
    {
        var z = new double[300];
        RandomStream.For(2, 0, "proj").FillGaussian(z);
        var basis = new HermiteProjection(z);
        var f = z.Select(v => 0.7 * v - 0.2 * Hermite.He(3, v)).ToArray();
        var (b1, b3) = basis.Coefficients(f);
        Assert.Equal(0.7, b1, 10);
        Assert.Equal(-0.2, b3, 10);
        // the plain sample mean of f·He₃/3! is biased by the sample overlap of He₁ and He₃; the joint fit is not
        double naive = z.Select((v, i) => f[i] * Hermite.He(3, v) / 6).Average();
        Assert.NotEqual(-0.2, naive, 3);
    }

    [Fact]
    public void NegLogHistogramRecoversAGaussian()
    {
        const double sd = 0.3;
        var rng = RandomStream.For(3, 0, "hist-test");
        var x = new double[200_000];
        rng.FillGaussian(x, 0, sd);
        var bins = NegLogHistogram.Build(x, 40, -1, 1);
        double Cdf(double v) => 0.5 * (1 + Elementwise.ErfScalar(v / (sd * Math.Sqrt(2))));
        foreach (var b in bins.Where(b => Math.Abs(b.Center) < 0.6))
        {
            double exact = -Math.Log((Cdf(b.Right) - Cdf(b.Left)) / (b.Right - b.Left));
            Assert.InRange(b.NegLogP - exact, -4 / Math.Sqrt(b.Count), 4 / Math.Sqrt(b.Count));
            Assert.True(b.NegLogPSe > 0 && b.NegLogPSe < 0.2, $"se {b.NegLogPSe}");
        }
        Assert.Equal(x.Count(v => v >= -1 && v < 1), bins.Sum(b => b.Count));
        // theory helper: exp(−scale·q²/2) normalised is N(0, 1/scale)
        var centres = new[] { -0.5, 0.0, 0.25, 1.0 };
        var neg = NegLogHistogram.TheoryNegLog(q => q * q / 2, 1 / (sd * sd), centres);
        for (int i = 0; i < centres.Length; i++)
            Assert.Equal(centres[i] * centres[i] / (2 * sd * sd) + Math.Log(Math.Sqrt(2 * Math.PI) * sd), neg[i], 6);
        Assert.Equal(1 - Elementwise.ErfScalar(0.4 / (sd * Math.Sqrt(2))),
            GrokFig2.TheoryMassBeyond(q => q * q / 2, 1 / (sd * sd), 0.4), 4);
    }

    private static CubicLangevinSettings Tiny(int threads) => new()
    {
        Width = 12, Samples = 30, Dimension = 6, SigmaA2 = 0.5, Noise = 0.2, Chains = 3, Burnin = 60, Steps = 90, Thin = 30, TraceEvery = 20,
        TestPoints = 50, Seed = 5, Threads = threads,
    };

    [Fact]
    public void LossTraceCoversBurninWithMonotoneTimeAndIgnoresThreads()
    {
        var one = CubicLangevin.Run(Tiny(1));
        var two = CubicLangevin.Run(Tiny(2));
        foreach (var chain in one.Trace.GroupBy(p => p.Chain))
        {
            var steps = chain.Select(p => p.Step).ToList();
            Assert.Equal([0, 20, 40, 60, 80, 100, 120, 140, 150], steps);       // burn-in included, last step too
            Assert.All(chain, p => Assert.Equal(one.Eta * p.Step, p.Time, 15));
            Assert.True(chain.Zip(chain.Skip(1)).All(q => q.Second.Time > q.First.Time));
        }
        Assert.Equal(3, one.Samples.Count / one.Settings.Chains);                // kept at 60, 90, 120
        Assert.Equal(3 * 3 * 12, one.Overlaps.Sum(o => o.Length));
        Assert.Equal(one.Trace, two.Trace);
        Assert.Equal(one.Samples, two.Samples);
        Assert.Equal(one.Overlaps.SelectMany(o => o), two.Overlaps.SelectMany(o => o));
        Assert.All(one.Trace, p => Assert.True(p.TrainMse >= 0 && p.TestMse >= 0 && double.IsFinite(p.TestCubic)));
    }

    [Fact]
    public void GrokTimeFindsTheDropOfASyntheticTrace()
    {
        var t = Enumerable.Range(0, 200).Select(i => (double)i).ToList();
        var loss = t.Select(x => x < 120 ? 1.0 + 0.001 * x : 0.2).ToList();
        Assert.Equal(120, GrokFig4To6.GrokTime(t, loss));
        Assert.True(double.IsNaN(GrokFig4To6.GrokTime(t, t.Select(_ => 1.0).ToList())));
    }

    [Fact]
    public void Fig2TinyRunWritesItsFilesAndResumes()
    {
        using var dir = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, dir.Path, NullProgress.Instance, TextWriter.Null);
        var sizes = new GrokFig2Sizes([0.05], [0.15, 0.25], 2, 40, 60, 20, 100);
        ResumableReproduction.Check(() => GrokFig2.Run(ctx, sizes), dir.Path,
            "largest step of the learned cubic component",
            ["learned_components.csv", "neg_log_p.csv", "learned_cubic_vs_sigma2.png", "learned_cubic_vs_sigma2.svg", "neg_log_p.svg", "learned_linear_vs_sigma2.png"],
            Path.Combine("runs", "scale0.05_s2_0.15", "result.json"));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir.Path, "learned_components.csv")).Length);
    }

    [Fact]
    public void WithinChainSplitRhatFlagsADriftingChainAndEssSumsTheChains()
    {
        var rng = RandomStream.For(3, 0, "t");
        // chain 0 stationary white noise; chain 1 the same plus a drift of 4 sd over its length
        var samples = new List<CubicSample>();
        for (int c = 0; c < 2; c++)
            for (int t = 0; t < 400; t++)
                samples.Add(new CubicSample(c, t, 0, rng.NextGaussian() + (c == 1 ? 4.0 * t / 400 : 0), 0, 0));
        CubicLangevinResult Of(IEnumerable<CubicSample> s) =>
            new(new CubicLangevinSettings(), 0.1, 1, [], s.ToList(), [], 0);
        var stationary = Of(samples.Where(x => x.Chain == 0));
        Assert.InRange(stationary.CubicSplitRhat, 0.99, 1.02);
        Assert.InRange(stationary.CubicEss, 300, 500);     // white noise: ESS ≈ the 400 draws
        Assert.True(Of(samples).CubicSplitRhat > 1.5);     // the drifting chain's halves differ by ≈ 2 sd
    }

    [Fact]
    public void Fig2AtTwoScalesWithBaoabReportsSharpeningAndWithinChainRhat()
    {
        using var dir = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Standard, dir.Path, NullProgress.Instance, TextWriter.Null);
        var sizes = new GrokFig2Sizes([0.03, 0.05], [0.15, 0.25], 2, 40, 60, 10, 100)
        {
            Sampler = new FeatureScale.Sampling.SamplerSettings { Name = "baoab", StepFraction = 0.5 },
        };
        var v = GrokFig2.Run(ctx, sizes).Verdicts;
        var sharp = Assert.Single(v, x => x.Text.StartsWith("sharpening of the jump"));
        Assert.Contains("α=β=0.03:", sharp.Text);
        Assert.Contains("α=β=0.05:", sharp.Text);
        Assert.Single(v, x => x.Text.StartsWith("chains: within-chain split-R̂"));
        Assert.Contains("steps of baoab", v[0].Text);
        var run = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(
            Path.Combine(dir.Path, "runs", "scale0.05_s2_0.15", "result.json")))!;
        Assert.Equal("baoab", run["result"]!["settings"]!["sampler"]!["name"]!.GetValue<string>());
        Assert.NotNull(run["result"]!["cubic_rhat"]);
        Assert.True(ReproductionCatalog.All.Single(r => r.Id == "grok-fig2").HasStandard);
        Assert.Equal("baoab", GrokFig2Sizes.Quick.Sampler!.Name);   // quick as the standard (ULA up to version 0.1)
        Assert.Equal(3, GrokFig2Sizes.For(ReproductionMode.Standard).Scales.Length);
    }

    [Fact]
    public void Fig3AndFig4to6RunEndToEnd()
    {
        using var dir = new TempDir();
        var ctx3 = new ReproductionContext(ReproductionMode.Quick, Path.Combine(dir.Path, "f3"), NullProgress.Instance, TextWriter.Null);
        Directory.CreateDirectory(ctx3.OutDir);
        var r3 = GrokFig3.Run(ctx3);
        Assert.Equal(3, r3.Verdicts.Count);
        Assert.True(r3.Verdicts[0].AgreesWithPaper); // GMFL-I boundary within 0.01 of 0.227
        foreach (var f in new[] { "target_component_vs_sigma2.csv", "landscapes.csv", "mode_action.png", "target_component_vs_sigma2.svg" })
            Assert.True(File.Exists(Path.Combine(ctx3.OutDir, f)), f);

        var ctx = new ReproductionContext(ReproductionMode.Quick, Path.Combine(dir.Path, "f46"), NullProgress.Instance, TextWriter.Null);
        Directory.CreateDirectory(ctx.OutDir);
        var r = GrokFig4To6.Run(ctx, new GrokAppDSizes(0.01, 8, 20, [2800, 1400, 700], 2, 0.01, 0.01, 5, 10, 60));
        Assert.Equal(5, r.Verdicts.Count);
        foreach (var f in new[] { "fig4_neg_log_p.csv", "fig5_6_traces.csv", "fig4_neg_log_p.png", "fig5_loss_vs_time.svg", "fig6_projections_vs_time.png" })
            Assert.True(File.Exists(Path.Combine(ctx.OutDir, f)), f);
        var lines = File.ReadAllLines(Path.Combine(ctx.OutDir, "fig5_6_traces.csv"));
        Assert.InRange(lines.Length, 1 + 3 * 10, 1 + 3 * 21); // three widths × 10–21 trace points (trace_every = steps / 10, rounded down; burn-in included)
        Assert.True(File.Exists(Path.Combine(ctx.OutDir, "runs", "N7_d8_n20", "trace.csv")));
    }
}
