using FeatureScale.Experiments;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureScale.Tests.Sampling;

/// <summary>
/// Every registered sampler against a Gaussian posterior known in closed form (two blocks whose prior variances
/// differ 10×): mean and covariance within 3 standard errors of the sampler's exact stationary law, which is the
/// posterior itself for mala and baoab (BAOAB is exact in position for a Gaussian target) and the known O(step)
/// ULA law for ula and precond. The Gibbs combinations may be off by at most the inner sampler's bias.
/// </summary>
public class SamplerTests
{
    private const double Kappa = 0.7;

    private static LinearGaussianModel Model()
    {
        const int rows = 20, n = 5;
        var rng = RandomStream.For(11, 0, "linear-gaussian");
        var x = new double[rows * n]; rng.FillGaussian(x);
        var y = new double[rows]; rng.FillGaussian(y);
        for (int r = 0; r < rows; r++) y[r] += x[r * n] - 0.5 * x[r * n + 4];
        return new LinearGaussianModel(x, y, rows, 3, 2, 0.5, 0.05);
    }

    /// <summary>The ULA law N(μ, Λ⁻¹(I − ηκΛ/2)⁻¹) in the coordinates where the step is scalar, mapped to θ.</summary>
    private static Matrix<double> UlaCovariance(Matrix<double> precision, Matrix<double> scale, double step)
    {
        var pz = scale * precision * scale; // precision in z (for ula: scale = I, step = ηκ)
        var id = Matrix<double>.Build.DenseIdentity(pz.RowCount);
        return scale * (pz.Inverse() * (id - step / 2 * pz).Inverse()) * scale;
    }

    [Theory]
    [InlineData("ula")]
    [InlineData("precond")]
    [InlineData("mala")]
    [InlineData("baoab")]
    [InlineData("ula+gibbs")]
    [InlineData("mala+gibbs")]
    [InlineData("baoab+gibbs")]
    public void Reproduces_the_closed_form_linear_Gaussian_posterior(string name) =>
        AssertClosedForm(new SamplerSettings { Name = name });

    [Theory]
    [InlineData("baoab", 3)]
    [InlineData("mala", 2)]
    public void Replica_exchange_keeps_the_closed_form_posterior_at_the_target_temperature(string name, int replicas) =>
        AssertClosedForm(new SamplerSettings { Name = name, Replicas = replicas, KappaRatio = 1.5, SwapEvery = 3 });

    private static void AssertClosedForm(SamplerSettings settings)
    {
        string name = settings.Name;
        var model = Model();
        int n = model.ParameterCount;
        var precision = model.Precision(Kappa);
        var mu = model.Mean(Kappa);
        var cov = precision.Inverse();
        var scale = model.Scale();
        var id = Matrix<double>.Build.DenseIdentity(n);
        double lambdaTheta = precision.Evd().EigenValues.Max(v => v.Real) * Kappa;
        double lambdaZ = (scale * precision * scale).Evd().EigenValues.Max(v => v.Real);
        double eta = StepSize.SafeFraction / lambdaTheta;
        var exact = settings.BaseName switch
        {
            "ula" => UlaCovariance(precision, id, eta * Kappa),
            "precond" => UlaCovariance(precision, scale, SamplerCatalog.Step(settings, lambdaZ)),
            _ => cov,
        };
        var target = settings.ReadoutGibbs ? cov : exact;
        var slack = settings.ReadoutGibbs ? (exact - cov).PointwiseAbs() : Matrix<double>.Build.Dense(n, n);

        const int chains = 48, burnin = 1000, samples = 1000, thin = 5;
        var means = new double[chains][]; var covs = new double[chains][];
        Parallel.For(0, chains, c =>
        {
            var m = Model();
            var sampler = SamplerCatalog.Create(new SamplerContext<double>(m, Kappa, [], eta, lambdaZ, settings));
            Assert.Equal(name, sampler.Name);
            var theta = new double[n];
            LangevinSampler<double>.DrawPrior(m, theta, RandomStream.For(5, (uint)c, "init"));
            var noise = RandomStream.For(5, (uint)c, "noise");
            sampler.Init(theta, noise);
            for (int t = 0; t < burnin; t++) sampler.Step(theta, noise);
            var sum = new double[n]; var sq = new double[n * n];
            for (int k = 0; k < samples; k++)
            {
                for (int t = 0; t < thin; t++) sampler.Step(theta, noise);
                for (int i = 0; i < n; i++)
                {
                    sum[i] += theta[i] / samples;
                    for (int j = 0; j < n; j++) sq[i * n + j] += (theta[i] - mu[i]) * (theta[j] - mu[j]) / samples;
                }
            }
            means[c] = sum; covs[c] = sq;
        });
        (double Mean, double Se) Pool(Func<int, double> f)
        {
            var v = Enumerable.Range(0, chains).Select(f).ToArray();
            double mean = v.Average();
            return (mean, Math.Sqrt(v.Sum(a => (a - mean) * (a - mean)) / (chains - 1) / chains));
        }
        for (int i = 0; i < n; i++)
        {
            var (m, se) = Pool(c => means[c][i]);
            Assert.True(Math.Abs(m - mu[i]) < 3 * se, $"{name}: mean[{i}] = {m:G5} vs closed form {mu[i]:G5} (se {se:G3})");
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                var (m, se) = Pool(c => covs[c][i * n + j]);
                Assert.True(Math.Abs(m - target[i, j]) < 3 * se + slack[i, j],
                    $"{name}: cov[{i},{j}] = {m:G5} vs stationary law {target[i, j]:G5} (se {se:G3}, allowed bias {slack[i, j]:G3})");
                if (i == j) Assert.True(3 * se + slack[i, i] < 0.2 * cov[i, i], $"{name}: test too weak for cov[{i},{i}]");
            }
    }

    [Fact]
    public void Mala_acceptance_rate_catches_a_too_large_step()
    {
        var model = Model();
        var scale = model.Scale();
        double lambdaZ = (scale * model.Precision(Kappa) * scale).Evd().EigenValues.Max(v => v.Real);
        double Acceptance(double fraction)
        {
            var sampler = SamplerCatalog.Create(new SamplerContext<double>(model, Kappa, [], double.NaN, lambdaZ,
                new SamplerSettings { Name = "mala", StepFraction = fraction }));
            var theta = new double[model.ParameterCount];
            var noise = RandomStream.For(9, 0, "noise");
            sampler.Init(theta, noise);
            for (int t = 0; t < 4000; t++) sampler.Step(theta, noise);
            Assert.Equal(4000, sampler.Statistics.Proposals);
            return sampler.Statistics.AcceptanceRate;
        }
        double good = Acceptance(0.5), bad = Acceptance(4.0);
        Assert.True(good > 0.6, $"acceptance at h·λ = 0.5: {good:0.000}");
        Assert.True(bad < 0.1, $"acceptance at h·λ = 4 (ULA unstable above 2): {bad:0.000}");
    }

    [Fact]
    public void Unknown_sampler_and_bad_parameters_are_rejected_with_one_line()
    {
        var e = Assert.Throws<ConfigException>(() => new SamplerSettings { Name = "hmc" }.Validate());
        Assert.Contains("unknown sampler 'hmc'", e.Message);
        Assert.Throws<ConfigException>(() => new SamplerSettings { Name = "baoab", Friction = 0 }.Validate());
        Assert.Throws<ConfigException>(() => new SamplerSettings { Name = "ula", StepFraction = 0.3 }.Validate());
        Assert.Throws<ConfigException>(() => new TrainConfig { Arch = "cnn", Sampler = new() { Name = "ula+gibbs" } }.Resolve());
    }

    private static TrainConfig Small(string sampler) => new()
    {
        D = 8, P = 60, Width = 8, Chains = 3, Steps = 200, Burnin = 100, Thin = 10, TestPoints = 500, PriorDraws = 4, Seed = 42,
        Sampler = new SamplerSettings { Name = sampler },
    };

    [Theory]
    [InlineData("baoab+gibbs")]
    [InlineData("mala")]
    [InlineData("precond")]
    public void Same_seed_gives_identical_chains_at_one_and_two_threads(string sampler)
    {
        var one = Training.Run(Small(sampler) with { Threads = 1 });
        var two = Training.Run(Small(sampler) with { Threads = 2 });
        Assert.Equal(one.Samples.Select(s => s.Alignment), two.Samples.Select(s => s.Alignment));
        Assert.Equal(one.Samples.Select(s => s.TrainMse), two.Samples.Select(s => s.TrainMse));
        Assert.Equal(sampler, one.Summary.Sampler!.Name);
        Assert.True(one.Summary.Sampler.Step > 0 && one.Summary.Sampler.NormalisedCurvature >= 1);
        if (sampler == "mala") Assert.InRange(one.Summary.Sampler.AcceptanceRate, 0.05, 1.0);
        var ula = Training.Run(Small("ula") with { Threads = 1 });
        Assert.NotEqual(ula.Samples.Select(s => s.Alignment), one.Samples.Select(s => s.Alignment));
    }

    [Fact]
    public void Replica_exchange_crosses_a_barrier_that_a_single_chain_does_not()
    {
        // L(θ) = a(θ² − 1)² at κ = 1, prior N(0, 4): two wells at ±1 with a barrier a = 10; by symmetry half the
        // mass is at θ > 0, and E[θ²] comes from 1-D quadrature. Chains start in the right well.
        var model = new DoubleWell(10);
        double z = 0, m2 = 0;
        for (int i = -4000; i <= 4000; i++)
        {
            double t = i * 1e-3, w = Math.Exp(-model.Loss([t]) - t * t / 8);
            z += w; m2 += w * t * t;
        }
        m2 /= z;
        (double Right, double M2, SamplerStatistics Stats) Run(SamplerSettings s)
        {
            double right = 0, sq = 0; int n = 0;
            SamplerStatistics? stats = null;
            for (int c = 0; c < 8; c++)
            {
                var sampler = SamplerCatalog.Create(new SamplerContext<double>(new DoubleWell(10), 1.0, [], 1e-3,
                    100, s));
                var theta = new[] { 1.0 };
                var noise = RandomStream.For(9, (uint)c, "noise");
                sampler.Init(theta, noise);
                for (int t = 0; t < 20000; t++)
                {
                    sampler.Step(theta, noise);
                    if (t >= 2000 && t % 5 == 0) { right += theta[0] > 0 ? 1 : 0; sq += theta[0] * theta[0]; n++; }
                }
                stats = sampler.Statistics;
            }
            return (right / n, sq / n, stats!);
        }
        var single = Run(new SamplerSettings { Name = "baoab", StepFraction = 0.5 });
        var tempered = Run(new SamplerSettings { Name = "baoab", StepFraction = 0.5, Replicas = 5, KappaRatio = 2.5 });
        Assert.True(single.Right > 0.95, $"a single BAOAB chain left its well: right fraction {single.Right:0.000}");
        Assert.InRange(tempered.Right, 0.4, 0.6);
        Assert.InRange(tempered.M2, 0.97 * m2, 1.03 * m2);
        Assert.NotNull(tempered.Stats.SwapProposals);
        Assert.Equal(4, tempered.Stats.SwapProposals!.Count);
        Assert.All(Enumerable.Range(0, 4), r => Assert.True(tempered.Stats.SwapAccepted![r] > 0));
    }

    [Fact]
    public void Replica_exchange_is_reproducible_at_any_thread_count_and_reports_its_swaps()
    {
        var cfg = Small("baoab") with { Sampler = new SamplerSettings { Name = "baoab", Replicas = 3 } };
        var one = Training.Run(cfg with { Threads = 1 });
        var two = Training.Run(cfg with { Threads = 2 });
        Assert.Equal(one.Samples.Select(s => s.Alignment), two.Samples.Select(s => s.Alignment));
        var report = one.Summary.Sampler!;
        Assert.Equal([cfg.Kappa, 2 * cfg.Kappa, 4 * cfg.Kappa], report.KappaLadder!);
        Assert.Equal(2, report.SwapAcceptance!.Count);
        Assert.All(report.SwapAcceptance, a => Assert.InRange(a, 0, 1));
        var plain = Training.Run(Small("baoab") with { Threads = 1 });
        Assert.Null(plain.Summary.Sampler!.SwapAcceptance);
        Assert.DoesNotContain("swap", FeatureScale.Reporting.Json.Serialize(plain.Summary));
        Assert.Throws<ConfigException>(() => new SamplerSettings { Name = "baoab", Replicas = 0 }.Validate());
        Assert.Throws<ConfigException>(() => new SamplerSettings { Name = "baoab", Replicas = 2, KappaRatio = 1 }.Validate());
        Assert.Throws<ConfigException>(() => new SamplerSettings { Name = "baoab", SwapEvery = 5 }.Validate());
    }

    /// <summary>A 1-D double well L(θ) = a(θ² − 1)² with prior variance 4.</summary>
    private sealed class DoubleWell(double a) : IPosteriorModel<double>
    {
        public int ParameterCount => 1;
        public IReadOnlyList<ParameterBlock> Blocks { get; } = [new ParameterBlock("theta", 0, 1, 4.0)];
        public double Loss(ReadOnlySpan<double> theta) => a * Math.Pow(theta[0] * theta[0] - 1, 2);
        public double LossAndGradient(ReadOnlySpan<double> theta, Span<double> gradient, ReadOnlySpan<bool> skip = default)
        {
            gradient[0] = 4 * a * theta[0] * (theta[0] * theta[0] - 1);
            return Loss(theta);
        }
    }

    [Fact]
    public void Short_unmixed_run_warns_in_the_summary()
    {
        var r = Training.Run(Small("ula") with { Steps = 40, Burnin = 0, Thin = 1 });
        Assert.Contains(r.Summary.Warnings, w => w.Contains("has not converged") && w.Contains("R̂"));
        Assert.NotNull(r.Summary.AlignmentDiagnostics);
    }
}
