using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Theory.Adaptive;

namespace FeatureScale.Experiments;

/// <summary>
/// Langevin ensembles of the two-layer linear network in the χ-parameterisation (2502.03210), run through the trainer's
/// own configuration (<see cref="TrainConfig"/> with parameterisation "meanfield" and an explicit χ). The mapping onto
/// <see cref="LinearChiParameters"/>(N, χ, g_v, g_w, κ) is:
/// <list type="bullet">
/// <item>depth 2, activation linear, width N, σ_1² = g_v, σ_2² = g_w, κ = κ, χ = χ;</item>
/// <item><see cref="TrainConfig.Resolve"/> divides σ_2² and κ by χ, so the first layer has prior N(0, σ_1²/d) = N(0, g_v/d),
/// the read-out N(0, (σ_2²/χ)/N) = N(0, g_w/(χN)), and the sampler's temperature — the noise variance of the Gaussian
/// likelihood exp(−Σ(f − y)²/(2κ_eff)) — is κ_eff = κ/χ: exactly the model of <see cref="LinearChiNetwork"/>.</item>
/// </list>
/// </summary>
public static class LinearChiLangevin
{
    /// <summary>The trainer configuration of a linear χ-network (see the class remarks for the mapping).</summary>
    public static TrainConfig ToTrainConfig(LinearChiParameters p, int d, int n)
    {
        p.Validated();
        if (p.Width != Math.Round(p.Width) || p.Width < 1) throw new ConfigException($"linear network: Langevin needs an integer width N (got {p.Width})");
        return new TrainConfig
        {
            D = d, P = n, Depth = 2, Width = (int)p.Width, Activation = "linear", Sigma2Layers = [p.Gv, p.Gw], Kappa = p.Kappa,
            Parameterisation = "meanfield", Chi = p.Chi,
        };
    }

    /// <summary>
    /// Runs <see cref="LinearChiEnsembleOptions.Chains"/> Langevin chains of the network on (x, y) (n×d row-major) and
    /// records per-chain averages of the train outputs, the test outputs on xTest (m×d) and u = χ|a|²/g_w.
    /// </summary>
    public static LinearChiEnsembleResult Run(double[] x, double[] y, int n, int d, double[] xTest, LinearChiParameters p, LinearChiEnsembleOptions o, IProgressSink? progress = null)
    {
        if (o.Chains < 2) throw new ConfigException("linear χ ensemble: need at least 2 chains for a Monte-Carlo error");
        if (o.Steps < 1 || o.Thin < 1 || o.Burnin < 0) throw new ConfigException("linear χ ensemble: steps and thin must be positive, burnin non-negative");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rc = ToTrainConfig(p, d, n).Resolve();
        var arch = rc.Architecture;
        int m = xTest.Length / d;
        int readOff = arch.Blocks()[^1].Offset, width = (int)p.Width;
        var probe = new FullyConnectedNetwork<double>(arch, x, y, n);
        var theta0 = new double[probe.ParameterCount];
        LangevinSampler<double>.DrawPrior(probe, theta0, RandomStream.For(o.Seed, 0, "chi-init"));
        double lambda = StepSize.LargestCurvature(probe, theta0, rc.Kappa, new bool[probe.Blocks.Count], RandomStream.For(o.Seed, 0, "chi-step"), 30);
        // The curvature grows with the read-out scale u, which feature learning (χ > 1) pushes far above its prior value:
        // a pilot chain is burnt in at the initial step and λ_max re-estimated where the posterior actually lives.
        double eta = o.StepFraction / lambda, lambdaZ = double.NaN;
        var settings = (o.Sampler ?? new SamplerSettings { Name = "ula" }).Validate();
        {
            var pilot = new LangevinSampler<double>(probe, eta, rc.Kappa);
            var th = (double[])theta0.Clone();
            var pn = RandomStream.For(o.Seed, 0, "chi-pilot");
            for (int t = 0; t < o.Burnin; t++) pilot.Step(th, pn);
            if (th.All(double.IsFinite))
                lambda = Math.Max(lambda, StepSize.LargestCurvature(probe, th, rc.Kappa, new bool[probe.Blocks.Count], RandomStream.For(o.Seed, 0, "chi-step2"), 30));
            eta = o.StepFraction / lambda;
            if (SamplerCatalog.NeedsNormalisedCurvature(settings))
            {
                var none = new bool[probe.Blocks.Count];
                lambdaZ = StepSize.LargestNormalisedCurvature(probe, theta0, rc.Kappa, none, RandomStream.For(o.Seed, 0, "chi-step-z"), 30);
                if (th.All(double.IsFinite))
                    lambdaZ = Math.Max(lambdaZ, StepSize.LargestNormalisedCurvature(probe, th, rc.Kappa, none, RandomStream.For(o.Seed, 0, "chi-step-z2"), 30));
            }
        }
        var stats = new SamplerStatistics?[o.Chains];
        var uTrace = new double[o.Chains][];
        var train = new double[o.Chains][]; var test = new double[o.Chains][]; var us = new double[o.Chains];
        int done = 0;
        var blas = LinearAlgebra.SingleThreaded();
        try
        {
            var schedule = new ChainSchedule(o.Burnin, o.Steps, o.Thin);
            string? diverged = ChainRunner.RunEnsemble(o.Chains, o.Threads > 0 ? o.Threads : Environment.ProcessorCount, parallel: true, (ch, token) =>
            {
                var net = new FullyConnectedNetwork<double>(arch, x, y, n);
                var eval = m > 0 ? new FullyConnectedNetwork<double>(arch, xTest, null, m) : null;
                var sampler = SamplerCatalog.Create(new SamplerContext<double>(net, rc.Kappa, [], eta, lambdaZ, settings));
                var trace = new List<double>();
                var theta = new double[net.ParameterCount];
                LangevinSampler<double>.DrawPrior(net, theta, RandomStream.For(o.Seed, (uint)ch, "chi-init"));
                var sTrain = new double[n]; var sTest = new double[m]; double sU = 0; int kept = 0;
                string? message = ChainRunner.Run(sampler, theta, RandomStream.For(o.Seed, (uint)ch, "chi-noise"), schedule, double.PositiveInfinity,
                    $"linear χ ensemble: chain {ch}", eta / 4,
                    (_, th) =>   // the kept state, measured before the step
                    {
                        var f = net.Forward(th, x, n);
                        for (int i = 0; i < n; i++) sTrain[i] += f[i];
                        if (eval is not null) { var ft = eval.Forward(th, xTest, m); for (int i = 0; i < m; i++) sTest[i] += ft[i]; }
                        double a2 = 0; for (int i = 0; i < width; i++) a2 += th[readOff + i] * th[readOff + i];
                        sU += p.Chi * a2 / p.Gw;
                        trace.Add(p.Chi * a2 / p.Gw);
                        return ++kept;
                    },
                    (_, _, _, _) => { }, cancel: token);
                if (message is not null) return message;
                for (int i = 0; i < n; i++) sTrain[i] /= kept;
                for (int i = 0; i < m; i++) sTest[i] /= kept;
                train[ch] = sTrain; test[ch] = sTest; us[ch] = sU / kept;
                stats[ch] = sampler.Statistics; uTrace[ch] = [.. trace];
                Interlocked.Increment(ref done);
                return null;
            });
            if (diverged is not null) throw new DivergenceException(diverged);
        }
        finally { blas.Dispose(); }
        progress?.Report(1, $"χ = {p.Chi:G3}: {done} chains done");
        long proposals = stats.Sum(t => t?.Proposals ?? 0), accepted = stats.Sum(t => t?.Accepted ?? 0);
        var report = new SamplerReport(settings.Name.Trim().ToLowerInvariant(),
            settings.BaseName == "ula" ? eta : SamplerCatalog.Step(settings, lambdaZ), lambdaZ,
            settings.BaseName == "baoab" ? settings.Friction : double.NaN, new SamplerStatistics(proposals, accepted).AcceptanceRate);
        return new LinearChiEnsembleResult(p.Chi, train, test, us, y, eta, clock.Elapsed.TotalSeconds, report,
            RankDiagnostics.Of(uTrace));
    }
}
