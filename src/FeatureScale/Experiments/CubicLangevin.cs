using System.Diagnostics;
using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

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
        var blas = LinearAlgebra.SingleThreaded();
        try
        {
            var probe = Training.BlockedModel<double>(rc.Architecture, data, cfg.P, 1);
            var theta0 = new double[rc.Architecture.ParameterCount];
            LangevinSampler<double>.DrawPrior(probe, theta0, RandomStream.For(cfg.Seed, 0, "init"));
            double lambda = StepSize.LargestCurvature(probe, theta0, rc.Kappa, new bool[rc.Architecture.Depth], RandomStream.For(cfg.Seed, 0, "step-size"));
            return (lambda, StepSize.SafeFraction / lambda, cfg.Eta ?? StepSize.SafeFraction / lambda);
        }
        finally { blas.Dispose(); }
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

        var blas = LinearAlgebra.SingleThreaded();
        try
        {
            int threads = cfg.Threads > 0 ? cfg.Threads : Environment.ProcessorCount;
            var (lambda, _, eta) = Probe(s);
            // another sampler than ULA: its step from λ_max in prior-normalised coordinates at chain 0's prior draw
            bool ula = s.Sampler is null || s.Sampler.Validate().BaseName == "ula";
            var step = ula ? null
                : StepSetup.Probe(Training.BlockedModel<double>(arch, TrainSet(0), n, 1), rc.Kappa, [], seed, eta,
                    s.Sampler!, iterations: 20);
            double timePerStep = step is null ? eta : SamplerCatalog.Step(step.Sampler, step.LambdaZ);

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
                IChainSampler<double> sampler = step is null ? new LangevinSampler<double>(model, eta, rc.Kappa)
                    : SamplerCatalog.Create(new SamplerContext<double>(model, rc.Kappa, [], eta, step.LambdaZ,
                        step.Sampler));
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
                        trace.Add(new LossTracePoint(c, t, timePerStep * t, e.TrainMse, e.TestMse, e.R1, e.R3 / eps,
                            e.T1, e.T3 / eps));
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
            blas.Dispose();
        }
    }
}
