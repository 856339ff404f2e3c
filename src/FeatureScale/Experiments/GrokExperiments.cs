using System.Diagnostics;
using System.Globalization;
using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Theory.Adaptive;
using FeatureScale.Activations;

namespace FeatureScale.Experiments;

/// <summary>
/// A Langevin experiment on the cubic teacher of arXiv 2310.03789 (§3.1, App. C, App. D): y = He₁(z) + ε He₃(z),
/// z = w*·x, x ~ N(0, I_d), |w*| = 1; two-layer erf student f(x) = Σ_i a_i erf(w_i·x) of width N; n training points.
/// <para>
/// Mapping onto the trainer (<see cref="TrainConfig"/>, <see cref="Training"/>): the paper's posterior
/// p(θ|D) ∝ exp(−Σ_μ(f(x_μ) − y_μ)²/(2σ²)) Π_i N(w_i; 0, σ_w²/d · I) N(a_i; 0, σ_a²/N) is the trainer's
/// exp(−L/κ)·prior with L = ½Σ(f − y)², so κ = σ² (noise = ridge = temperature), <c>sigma2_layers</c> =
/// [σ_w², σ_a²] (the trainer's prior variance of layer l is σ_l²/N_{l−1}: σ_w²/d for W, σ_a²/N for a), standard
/// parameterisation (χ = 1), target "h1+6ε*he3" (he3 = He₃/3!, so 6ε·he3 = ε He₃; h1 = He₁). With the paper's
/// σ_a² = 8/N at N = 700 each read-out weight has variance 8/N² (mean-field scaling, σ̃_a² = 8, χ = N).
/// </para>
/// </summary>
public sealed record CubicLangevinSettings
{
    /// <summary>Width N.</summary>
    public int Width { get; init; } = 700;
    /// <summary>Training points n.</summary>
    public int Samples { get; init; } = 3000;
    /// <summary>Input dimension d.</summary>
    public int Dimension { get; init; } = 150;
    /// <summary>First-layer prior variance σ_w² (W ~ N(0, σ_w²/d)).</summary>
    public double SigmaW2 { get; init; } = 0.5;
    /// <summary>Read-out σ_a² (a ~ N(0, σ_a²/N)); the paper's Fig. 2: 8/N at N = 700.</summary>
    public double SigmaA2 { get; init; } = 8.0 / 700;
    /// <summary>Cubic coefficient ε of the teacher.</summary>
    public double Epsilon { get; init; } = -0.3;
    /// <summary>Noise variance σ² (= κ).</summary>
    public double Noise { get; init; } = 0.18;
    /// <summary>Independent chains (networks).</summary>
    public int Chains { get; init; } = 8;
    /// <summary>Burn-in steps (traced, not kept).</summary>
    public int Burnin { get; init; } = 2000;
    /// <summary>Sampling steps after burn-in.</summary>
    public int Steps { get; init; } = 4000;
    /// <summary>Keep a sample every this many steps.</summary>
    public int Thin { get; init; } = 100;
    /// <summary>Record the loss trace every this many steps (burn-in included).</summary>
    public int TraceEvery { get; init; } = 100;
    /// <summary>Test points (the paper: 3000).</summary>
    public int TestPoints { get; init; } = 1000;
    /// <summary>Step size (default: 0.1/λ_max at chain 0's initial point, as the trainer).</summary>
    public double? Eta { get; init; }
    /// <summary>A new training set per chain (the paper's data-seed ensemble); false: one shared set.</summary>
    public bool NewDataPerChain { get; init; } = true;
    /// <summary>Seed of every stream.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Threads (0 = all cores); results do not depend on it.</summary>
    public int Threads { get; init; } = 0;

    /// <summary>Teacher spec in the trainer's grammar: "h1+6ε*he3" (e.g. "h1-1.8*he3" for ε = −0.3).</summary>
    public string TargetSpec => "h1" + (6 * Epsilon >= 0 ? "+" : "") + (6 * Epsilon).ToString("G15", CultureInfo.InvariantCulture) + "*he3";

    /// <summary>u = n²σ_a²/(σ⁴ d N).</summary>
    public double Interaction => CubicTeacher.Interaction(Samples, Width, Dimension, SigmaA2, Noise);

    /// <summary>The same experiment as a trainer configuration (the mapping stated on the type).</summary>
    public TrainConfig ToTrainConfig() => new()
    {
        D = Dimension, P = Samples, Depth = 2, Width = Width, Activation = "erf", Target = TargetSpec,
        Kappa = Noise, Sigma2Layers = [SigmaW2, SigmaA2], Parameterisation = "standard",
        Chains = Chains, Steps = Steps, Burnin = Burnin, Thin = Thin, Eta = Eta, Seed = Seed, Threads = Threads,
        TestPoints = TestPoints, NewDataPerChain = NewDataPerChain,
    };

    /// <summary>The theory's parameters for the same setting.</summary>
    public CubicTeacherParameters Theory => new(Width, Samples, Dimension, SigmaW2, SigmaA2, Epsilon, Noise);

    /// <summary>
    /// The paper's (α, β) family (Table 1, Eq. 11) applied to this setting: N → βN, d → √β d, σ_a² → σ_a²/√β,
    /// σ² → (α/β)σ², n → αn (sizes rounded to integers; u invariant up to the rounding).
    /// </summary>
    public CubicLangevinSettings Scaled(double alpha, double beta) => this with
    {
        Width = Math.Max(1, (int)Math.Round(beta * Width)), Dimension = Math.Max(2, (int)Math.Round(Math.Sqrt(beta) * Dimension)),
        SigmaA2 = SigmaA2 / Math.Sqrt(beta), Noise = alpha / beta * Noise, Samples = Math.Max(1, (int)Math.Round(alpha * Samples)),
    };
}

/// <summary>One point of the loss trace of one chain: Langevin time t = η·step, train and test MSE, and the
/// projections of the network output on the teacher's normalised components He₁ and εHe₃ (the coefficients of
/// <see cref="HermiteProjection"/>, the cubic one divided by ε; 1 = the component fully learned, as the paper's Fig. 6).</summary>
public sealed record LossTracePoint(int Chain, int Step, double Time, double TrainMse, double TestMse,
    double TrainLinear, double TrainCubic, double TestLinear, double TestCubic);

/// <summary>One kept sample: the coefficients of He₁ and He₃ in f on the test set (<see cref="HermiteProjection"/>).</summary>
public sealed record CubicSample(int Chain, int Step, double TestHe1, double TestHe3, double TestMse, double TrainMse);

/// <summary>What a cubic-teacher Langevin run produced.</summary>
public sealed record CubicLangevinResult(
    CubicLangevinSettings Settings, double Eta, double LambdaMax, IReadOnlyList<LossTracePoint> Trace, IReadOnlyList<CubicSample> Samples,
    float[][] Overlaps, double WallSeconds)
{
    /// <summary>Learned He₁ coefficient of the ensemble-mean output on the test set (1 − b).</summary>
    public double LearnedLinear => Samples.Average(s => s.TestHe1);
    /// <summary>Learned He₃ coefficient of the ensemble-mean output (ε − c; the teacher's value is ε).</summary>
    public double LearnedCubic => Samples.Average(s => s.TestHe3);
    /// <summary>Standard error of <see cref="LearnedCubic"/> from the scatter of the per-chain means.</summary>
    public double LearnedCubicSem => ChainSem(s => s.TestHe3);
    /// <summary>Standard error of <see cref="LearnedLinear"/>.</summary>
    public double LearnedLinearSem => ChainSem(s => s.TestHe1);
    /// <summary>Every kept overlap w_i·w*, pooled over neurons, samples and chains.</summary>
    public IEnumerable<double> PooledOverlaps => Overlaps.SelectMany(o => o.Select(v => (double)v));

    private double ChainSem(Func<CubicSample, double> f)
    {
        var means = Samples.GroupBy(s => s.Chain).Select(g => g.Average(f)).ToArray();
        if (means.Length < 2) return double.NaN;
        double m = means.Average();
        return Math.Sqrt(means.Sum(v => (v - m) * (v - m)) / (means.Length - 1) / means.Length);
    }
}

/// <summary>
/// Langevin sampling of the cubic-teacher posterior with the trainer's own pieces (the configuration resolved by
/// <see cref="TrainConfig.Resolve"/>, <see cref="Training.BlockedModel{T}"/>, <see cref="LangevinSampler{T}"/>, the
/// trainer's data and initialisation streams), recording what the trainer does not: the loss trace over the whole run
/// (burn-in included) and the per-neuron overlaps w_i·w*. Chains run in parallel with BLAS single-threaded; every
/// draw comes from (seed, chain, purpose) streams, so results do not depend on the thread count.
/// </summary>
public static class CubicLangevin
{
    /// <summary>The step size the run would choose: <see cref="StepSize.SafeFraction"/>/λ_max at chain 0's initial point
    /// (or the configured η).</summary>
    public static double AutoStepSize(CubicLangevinSettings s)
    {
        var (_, _, eta) = Probe(s);
        return eta;
    }

    private static (double Lambda, double Eta, double EtaUsed) Probe(CubicLangevinSettings s)
    {
        var rc = s.ToTrainConfig().Resolve();
        var cfg = rc.Config;
        var dir = new double[cfg.D];
        RandomStream.For(cfg.Seed, 0, "teacher").FillGaussian(dir);
        var teacher = new Teacher(rc.TargetTerms, dir);
        var data = Dataset.Draw(new GaussianInputs(cfg.D), teacher, cfg.P, RandomStream.For(cfg.Seed, 0, "train"));
        var prev = LinearAlgebra.Provider.Threads;
        try
        {
            LinearAlgebra.Provider.SetThreads(1);
            var probe = Training.BlockedModel<double>(rc.Architecture, data, cfg.P, 1);
            var theta0 = new double[rc.Architecture.ParameterCount];
            LangevinSampler<double>.DrawPrior(probe, theta0, RandomStream.For(cfg.Seed, 0, "init"));
            double lambda = StepSize.LargestCurvature(probe, theta0, rc.Kappa, new bool[rc.Architecture.Depth], RandomStream.For(cfg.Seed, 0, "step-size"));
            return (lambda, StepSize.SafeFraction / lambda, cfg.Eta ?? StepSize.SafeFraction / lambda);
        }
        finally { LinearAlgebra.Provider.SetThreads(prev); }
    }

    /// <summary>Runs the experiment.</summary>
    public static CubicLangevinResult Run(CubicLangevinSettings s, IProgressSink? progress = null, CancellationToken cancel = default)
    {
        progress ??= NullProgress.Instance;
        if (s.TraceEvery < 1) throw new ConfigException($"trace_every must be at least 1 (got {s.TraceEvery})");
        var clock = Stopwatch.StartNew();
        var rc = s.ToTrainConfig().Resolve();
        var cfg = rc.Config;
        var arch = rc.Architecture;
        ulong seed = cfg.Seed;
        int d = cfg.D, n = cfg.P, width = arch.Width(1);
        var inputs = new GaussianInputs(d);
        var dir = new double[d];
        RandomStream.For(seed, 0, "teacher").FillGaussian(dir);
        var teacher = new Teacher(rc.TargetTerms, dir);
        var wStar = teacher.Direction;
        Dataset TrainSet(int chain) => Dataset.Draw(inputs, teacher, n, RandomStream.For(seed, cfg.NewDataPerChain ? (uint)chain : 0u, "train"));
        var test = Dataset.Draw(inputs, teacher, cfg.TestPoints, RandomStream.For(seed, 0, "test"));
        var testBasis = new HermiteProjection(test.Phi);
        double eps = s.Epsilon;

        var prev = LinearAlgebra.Provider.Threads;
        try
        {
            LinearAlgebra.Provider.SetThreads(1);
            int threads = cfg.Threads > 0 ? cfg.Threads : Environment.ProcessorCount;
            var (lambda, _, eta) = Probe(s);

            var schedule = new ChainSchedule(cfg.Burnin, cfg.Steps, cfg.Thin);
            int total = schedule.TotalSteps;
            var traces = new List<LossTracePoint>[cfg.Chains];
            var samples = new List<CubicSample>[cfg.Chains];
            var overlaps = new List<float>[cfg.Chains];
            long done = 0;
            string? RunChain(int c, CancellationToken token)
            {
                var trace = traces[c] = []; var kept = samples[c] = []; var ov = overlaps[c] = [];
                var data = TrainSet(c);
                var model = Training.BlockedModel<double>(arch, data, n, 1);
                var sampler = new LangevinSampler<double>(model, eta, rc.Kappa);
                var theta = new double[arch.ParameterCount];
                LangevinSampler<double>.DrawPrior(model, theta, RandomStream.For(seed, (uint)c, "init"));
                var evalTest = new FullyConnectedNetwork<double>(arch, test.X, null, test.Count);
                var evalTrain = new FullyConnectedNetwork<double>(arch, data.X, null, n);
                var trainBasis = new HermiteProjection(data.Phi);
                var proj = new double[width];
                double lossLimit = 1e6 * (n + 0.5 * data.Y.Sum(v => v * v));
                // Test/train MSE and He₁/He₃ projections of θ at a step, computed once per step for the trace and the kept sample.
                (int Step, double TestMse, double TrainMse, double T1, double T3, double R1, double R3) last = (-1, 0, 0, 0, 0, 0, 0);
                (int Step, double TestMse, double TrainMse, double T1, double T3, double R1, double R3) Evaluate(int t, double[] th)
                {
                    if (last.Step == t) return last;
                    var ft = evalTest.Forward(th, test.X, test.Count);
                    double testMse = 0;
                    for (int i = 0; i < ft.Length; i++) { double e = ft[i] - test.Y[i]; testMse += e * e; }
                    testMse /= ft.Length;
                    var (t1, t3) = testBasis.Coefficients(ft);
                    var fr = evalTrain.Forward(th, data.X, n);
                    double trainMse = 0;
                    for (int i = 0; i < fr.Length; i++) { double e = fr[i] - data.Y[i]; trainMse += e * e; }
                    trainMse /= n;
                    var (r1, r3) = trainBasis.Coefficients(fr);
                    return last = (t, testMse, trainMse, t1, t3, r1, r3);
                }
                return ChainRunner.Run(sampler, theta, RandomStream.For(seed, (uint)c, "noise"), schedule, lossLimit, $"chain {c}", eta / 4,
                    (step, th) =>
                    {
                        LinearAlgebra.Provider.Gemv(Transpose.No, width, d, 1, th.AsSpan(0, width * d), d, wStar, 0, proj);
                        return (Eval: Evaluate(step, th), Overlaps: proj.Select(v => (float)v).ToArray());
                    },
                    (t, _, _, o) =>
                    {
                        kept.Add(new CubicSample(c, t, o.Eval.T1, o.Eval.T3, o.Eval.TestMse, o.Eval.TrainMse));
                        ov.AddRange(o.Overlaps);
                    },
                    steps =>
                    {
                        long now = Interlocked.Add(ref done, steps);
                        if (c == 0 || threads == 1) progress.Report((double)now / ((long)total * cfg.Chains), $"cubic N={width} σ²={s.Noise:G3}");
                    },
                    reportEvery: 500, token,
                    trace: (t, th) =>
                    {
                        var e = Evaluate(t, th);
                        trace.Add(new LossTracePoint(c, t, eta * t, e.TrainMse, e.TestMse, e.R1, e.R3 / eps, e.T1, e.T3 / eps));
                    },
                    traceEvery: s.TraceEvery);
            }
            string? divergence = ChainRunner.RunEnsemble(cfg.Chains, threads, parallel: threads > 1, RunChain, cancel);
            cancel.ThrowIfCancellationRequested();
            if (divergence is not null) throw new DivergenceException(divergence);
            return new CubicLangevinResult(s, eta, lambda, traces.SelectMany(x => x).ToList(), samples.SelectMany(x => x).ToList(),
                overlaps.Select(o => o.ToArray()).ToArray(), clock.Elapsed.TotalSeconds);
        }
        finally
        {
            LinearAlgebra.Provider.SetThreads(prev);
        }
    }
}

/// <summary>
/// Coefficients (β₁, β₃) of f ≈ β₁He₁(z) + β₃He₃(z) on a finite point set by least squares (2×2 normal equations), i.e.
/// the sample estimates of ⟨f, He₁⟩ and ⟨f, He₃⟩/3!. Unlike the plain sample means (1/n)Σ f He_k/k!, the joint fit
/// does not leak the large linear part into the cubic coefficient through the sample overlap Σ He₁He₃ ≠ 0.
/// </summary>
public sealed class HermiteProjection
{
    private readonly double[] _he1, _he3;
    private readonly double _g11, _g13, _g33, _det;

    /// <summary>The basis at the points z = w*·x.</summary>
    public HermiteProjection(IReadOnlyList<double> z)
    {
        _he1 = z.ToArray();
        _he3 = z.Select(v => Hermite.He(3, v)).ToArray();
        for (int i = 0; i < _he1.Length; i++) { _g11 += _he1[i] * _he1[i]; _g13 += _he1[i] * _he3[i]; _g33 += _he3[i] * _he3[i]; }
        _det = _g11 * _g33 - _g13 * _g13;
        if (!(_det > 0)) throw new ArgumentException("He₁ and He₃ are not independent on these points (need at least 2 distinct points)");
    }

    /// <summary>(β₁, β₃) for the values f at the points.</summary>
    public (double He1, double He3) Coefficients(ReadOnlySpan<double> f)
    {
        double p1 = 0, p3 = 0;
        for (int i = 0; i < _he1.Length; i++) { p1 += f[i] * _he1[i]; p3 += f[i] * _he3[i]; }
        return ((_g33 * p1 - _g13 * p3) / _det, (_g11 * p3 - _g13 * p1) / _det);
    }
}

/// <summary>One bin of a −log p histogram: centre, density, −log density and its standard error (from subsets).</summary>
public sealed record NegLogBin(double Center, double Left, double Right, long Count, double Density, double NegLogP, double NegLogPSe);

/// <summary>
/// Histogram estimate of −log p(x) for pooled samples (the paper's Figs. 2a/b and 4): density on equal bins over
/// [lo, hi] (normalised by all samples, so mass outside the range is not redistributed), −log density, and the error
/// the paper uses (App. C): the spread of −log p over <c>subsets</c> disjoint subsets, std/√subsets. Empty bins have
/// −log p = +∞ (left out of plots).
/// </summary>
public static class NegLogHistogram
{
    /// <summary>Builds the histogram.</summary>
    public static IReadOnlyList<NegLogBin> Build(IReadOnlyList<double> values, int bins, double lo, double hi, int subsets = 5)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins));
        if (!(hi > lo)) throw new ArgumentException("need lo < hi");
        subsets = Math.Max(1, subsets);
        double w = (hi - lo) / bins;
        var counts = new long[bins];
        var sub = new long[subsets, bins];
        var subTotal = new long[subsets];
        for (int i = 0; i < values.Count; i++)
        {
            int k = i % subsets; subTotal[k]++;
            double v = values[i];
            if (!(v >= lo && v < hi)) continue;
            int b = Math.Min(bins - 1, (int)((v - lo) / w));
            counts[b]++; sub[k, b]++;
        }
        var result = new List<NegLogBin>(bins);
        for (int b = 0; b < bins; b++)
        {
            double dens = values.Count == 0 ? 0 : counts[b] / (values.Count * w);
            double se = double.NaN;
            if (subsets > 1)
            {
                var logs = new List<double>();
                for (int k = 0; k < subsets; k++) if (sub[k, b] > 0) logs.Add(-Math.Log(sub[k, b] / (subTotal[k] * w)));
                if (logs.Count == subsets)
                {
                    double m = logs.Average();
                    se = Math.Sqrt(logs.Sum(x => (x - m) * (x - m)) / (subsets - 1)) / Math.Sqrt(subsets);
                }
            }
            result.Add(new NegLogBin(lo + (b + 0.5) * w, lo + b * w, lo + (b + 1) * w, counts[b], dens, dens > 0 ? -Math.Log(dens) : double.PositiveInfinity, se));
        }
        return result;
    }

    /// <summary>
    /// The theory's normalised −log p(q) on the bin centres for a density exp(−scale·Ŝ(q)) (normalised by trapezoid
    /// quadrature on a fine grid over ±qMax).
    /// </summary>
    public static double[] TheoryNegLog(Func<double, double> reducedAction, double scale, IReadOnlyList<double> centres, double qMax = 4, int grid = 8001)
    {
        double h = 2 * qMax / (grid - 1), min = double.PositiveInfinity;
        var a = new double[grid];
        for (int i = 0; i < grid; i++) { a[i] = scale * reducedAction(-qMax + i * h); min = Math.Min(min, a[i]); }
        double z = 0;
        for (int i = 0; i < grid; i++) z += (i == 0 || i == grid - 1 ? 0.5 : 1) * Math.Exp(-(a[i] - min));
        double logZ = Math.Log(z * h) - min;
        return centres.Select(q => scale * reducedAction(q) + logZ).ToArray();
    }
}
