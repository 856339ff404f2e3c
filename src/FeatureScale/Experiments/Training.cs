using System.Diagnostics;
using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Observables;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>
/// The training entry point: draws the data, initialises an ensemble of chains from the prior, runs Langevin
/// (burn-in, thinning), measures the observables on a fresh test set and summarises them. Chains run in parallel
/// on all cores with BLAS single-threaded (or, for one chain, BLAS and element-wise work multi-threaded); every
/// draw comes from a stream keyed by (seed, chain, purpose), so results do not depend on the thread count.
/// The CLI's <c>train</c> command only wraps this; studies call it many times.
/// </summary>
public static class Training
{
    /// <summary>Runs a configuration and returns its results (throws <see cref="ConfigException"/> for bad configs).</summary>
    public static TrainResult Run(TrainConfig config, IProgressSink? progress = null, CancellationToken cancel = default)
    {
        var resolved = config.Resolve();
        return resolved.SinglePrecision ? RunTyped<float>(resolved, progress ?? NullProgress.Instance, cancel)
                                        : RunTyped<double>(resolved, progress ?? NullProgress.Instance, cancel);
    }

    private sealed class ChainOutput
    {
        public readonly List<SampleRow> Rows = [];
        public readonly List<float[]>[][] Overlaps; // [layer][feature], one array per kept sample
        public string? Divergence;
        public ChainOutput(int hidden)
        {
            Overlaps = new List<float[]>[hidden][];
            for (int l = 0; l < hidden; l++) Overlaps[l] = [[], []];
        }

        /// <summary>Every overlap of one layer and feature, sample after sample.</summary>
        public float[] Flat(int layer, int feature) => Overlaps[layer][feature].SelectMany(v => v).ToArray();

        /// <summary>Drops the kept samples before <paramref name="burnin"/> (an extension's longer burn-in) and
        /// renumbers the rest from 0, with their running mean recomputed.</summary>
        public void DropBefore(int burnin)
        {
            int drop = Rows.TakeWhile(r => r.Step < burnin).Count();
            if (drop == 0) return;
            Rows.RemoveRange(0, drop);
            foreach (var layer in Overlaps) foreach (var feature in layer) feature.RemoveRange(0, drop);
            double sum = 0;
            for (int i = 0; i < Rows.Count; i++)
            {
                sum += Rows[i].Alignment;
                Rows[i] = Rows[i] with { Sample = i, RunningAlignment = sum / (i + 1) };
            }
        }
    }

    /// <summary>A chain kept alive between the rounds of an extension: its sampler, state, noise and outputs.</summary>
    private sealed class LiveChain<T>(IChainSampler<T> sampler, T[] theta, RandomStream noise, ChainOutput output)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public IChainSampler<T> Sampler { get; } = sampler;
        public T[] Theta { get; } = theta;
        public RandomStream Noise { get; } = noise;
        public ChainOutput Output { get; } = output;
        /// <summary>Steps done so far.</summary>
        public int Done { get; set; }
    }

    private static TrainResult RunTyped<T>(ResolvedTrainConfig rc, IProgressSink progress, CancellationToken cancel)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        var cfg = rc.Config;
        var arch = rc.Architecture;
        int hidden = arch.Depth - 1;
        ulong seed = cfg.Seed;
        var warnings = new List<string>();

        var inputs = new GaussianInputs(cfg.D, cfg.InputCovarianceExponent);
        var teacher = new Teacher(rc.TargetTerms, DrawDirection(cfg.D, RandomStream.For(seed, 0, "teacher")));
        Dataset TrainSet(int chain) => Dataset.Draw(inputs, teacher, cfg.P, RandomStream.For(seed, cfg.NewDataPerChain ? (uint)chain : 0u, "train"));
        var shared = cfg.NewDataPerChain ? null : TrainSet(0);
        var test = Dataset.Draw(inputs, teacher, cfg.TestPoints, RandomStream.For(seed, 0, "test"));

        var blas = LinearAlgebra.SingleThreaded();
        bool chainParallel = cfg.Chains > 1 || rc.Threads == 1;
        try
        {
            // BLAS stays single-threaded: parallel work is split over chains, or over fixed row blocks of one chain,
            // and always reduced in a fixed order, so results do not depend on the thread count.
            int innerThreads = chainParallel ? 1 : rc.Threads;

            var data0 = shared ?? TrainSet(0);
            var step = StepSetup.Probe(BlockedModel<double>(arch, data0, cfg.P, innerThreads), rc.Kappa, rc.FrozenBlocks,
                seed, cfg.Eta, cfg.Sampler);
            if (step.Warning is { } stepWarning) warnings.Add(stepWarning);
            double eta = step.Eta, lambda = step.LambdaMax;
            var samplerStats = new SamplerStatistics[cfg.Chains];
            double lossLimit = 1e6 * (cfg.P + 0.5 * data0.Y.Sum(v => v * v));

            // Specialisation thresholds: 3 × the prior (NNGP) std of each overlap. Layer 1 / linear feature: the paper's
            // closed form 3σ_1/√d (times √(w*ᵀΣ²w*), = 1 for isotropic inputs); elsewhere by prior draws on the test set.
            var xTestT = test.X.Select(T.CreateTruncating).ToArray();
            var priorStd = PriorOverlapStd(arch, test, teacher.MaxDegree, cfg.PriorDraws, seed, rc.Threads);
            double analytic1 = Math.Sqrt(arch.Sigma2[0] / cfg.D * teacher.Direction.Select((w, k) => w * w * inputs.Variances[k] * inputs.Variances[k]).Sum());
            var threshold = new double[hidden][];
            for (int l = 0; l < hidden; l++)
                threshold[l] = [3 * (l == 0 ? analytic1 : priorStd[l][0]), 3 * priorStd[l][1]];

            var schedule = new ChainSchedule(cfg.Burnin, cfg.Steps, cfg.Thin);
            var ensemble = new EnsembleProgress(progress, "A_f", (long)schedule.TotalSteps * cfg.Chains);
            var outputs = new ChainOutput[cfg.Chains];
            var live = new LiveChain<T>?[cfg.Chains];
            var observers = new FcnObserver<T>?[cfg.Chains];

            LiveChain<T> Start(int c)
            {
                var output = outputs[c] = new ChainOutput(hidden);
                var data = shared ?? TrainSet(c);
                var model = BlockedModel<T>(arch, data, cfg.P, innerThreads);
                var sampler = SamplerCatalog.Create(new SamplerContext<T>(model, rc.Kappa, rc.FrozenBlocks, eta,
                    step.LambdaZ, step.Sampler, innerThreads));
                var theta = new T[arch.ParameterCount];
                var init = new double[arch.ParameterCount];
                LangevinSampler<double>.DrawPrior(new BlocksOnly(model.Blocks, arch.ParameterCount), init,
                    RandomStream.For(seed, (uint)c, "init"));
                if (cfg.TwoStart && c >= cfg.Chains - cfg.Chains / 2 && hidden > 0)
                    AlignFirstNeuron(init, arch.Blocks()[0].Offset, teacher.Direction);
                for (int i = 0; i < init.Length; i++) theta[i] = T.CreateTruncating(init[i]);
                observers[c] = new FcnObserver<T>(arch, xTestT, test.Y, test.Phi, teacher.MaxDegree,
                    threads: innerThreads);
                return new LiveChain<T>(sampler, theta, RandomStream.For(seed, (uint)c, "noise"), output);
            }

            string? RunChain(int c, CancellationToken token)
            {
                var chain = live[c] ??= Start(c);
                var output = chain.Output;
                var observer = observers[c]!;
                double chainSum = output.Rows.Sum(r => r.Alignment);
                try
                {
                    return output.Divergence = ChainRunner.Run(chain.Sampler, chain.Theta, chain.Noise, schedule,
                        lossLimit, $"chain {c}", step.SuggestedEta,
                        (_, th) => observer.Measure(th),
                        (t, sample, loss, obs) =>
                        {
                            var spec = new int[hidden]; var specT = new int[hidden];
                            for (int l = 0; l < hidden; l++)
                            {
                                var linear = obs.Overlaps[l][0].Select(v => (float)v).ToArray();
                                var target = obs.Overlaps[l][1].Select(v => (float)v).ToArray();
                                spec[l] = linear.Count(v => Math.Abs(v) > threshold[l][0]);
                                specT[l] = target.Count(v => Math.Abs(v) > threshold[l][1]);
                                output.Overlaps[l][0].Add(linear);
                                output.Overlaps[l][1].Add(target);
                            }
                            chainSum += obs.Alignment;
                            output.Rows.Add(new SampleRow(c, sample, t, obs.Alignment, obs.TestMse, 2 * loss / cfg.P,
                                chainSum / (sample + 1), spec, specT));
                            ensemble.AddSample(obs.Alignment);
                        },
                        ensemble.AddSteps, reportEvery: 200, token, from: chain.Done, firstSample: output.Rows.Count);
                }
                finally
                {
                    chain.Done = schedule.TotalSteps;
                    samplerStats[c] = chain.Sampler.Statistics;
                }
            }

            List<IReadOnlyList<double>> PerChain(Func<SampleRow, double> f) =>
                outputs.Where(o => o is not null && o.Rows.Count > 0)
                    .Select(o => (IReadOnlyList<double>)o.Rows.Select(f).ToList()).ToList();
            var extension = cfg.Extension;
            var rounds = new List<ExtensionRound>();
            bool reached = false;
            while (true)
            {
                ChainRunner.RunEnsemble(cfg.Chains, rc.Threads, chainParallel, RunChain, cancel);
                cancel.ThrowIfCancellationRequested();
                if (extension is null || outputs.Any(o => o?.Divergence is not null)) break;
                // the larger of the rank-normalised and the classic split-R̂ (summary.json's rhat, which sweeps judge)
                var rankNow = RankDiagnostics.Of(PerChain(r => r.Alignment));
                double classic = ChainDiagnostics.Summarise(PerChain(r => r.Alignment)).Rhat;
                var diagnostics = rankNow with
                {
                    Rhat = double.IsNaN(classic) ? rankNow.Rhat : Math.Max(rankNow.Rhat, classic),
                };
                double tau = ChainExtension.Tau(diagnostics.BulkEss, cfg.Chains, schedule.Steps);
                rounds.Add(new ExtensionRound(schedule.Burnin, schedule.Steps, diagnostics.Rhat, diagnostics.BulkEss,
                    tau));
                if (reached = extension.Reached(diagnostics, schedule, cfg.Chains)) break;
                if (extension.Next(schedule, diagnostics, cfg.Chains) is not { } next) break;
                schedule = next;
                foreach (var o in outputs) o?.DropBefore(schedule.Burnin);
                ensemble.Extend((long)schedule.TotalSteps * cfg.Chains,
                    FormattableString.Invariant(
                        $" (extending to {schedule.TotalSteps} steps: R̂ {diagnostics.Rhat:0.00})"));
            }
            int samplesPerChain = schedule.SamplesPerChain;
            ExtensionReport? extensionReport = extension is null ? null
                : new ExtensionReport(extension.RhatTarget, extension.MaxSteps, reached, rounds)
                {
                    EssTarget = extension.EssTarget,
                };
            if (extensionReport?.Warning("A_f", schedule.Steps) is { } missed) warnings.Add(missed);

            var divergence = outputs.Select(o => o?.Divergence).FirstOrDefault(m => m is not null);
            var rows = outputs.Where(o => o is not null).SelectMany(o => o.Rows).ToList();
            var alignment = ChainDiagnostics.Summarise(PerChain(r => r.Alignment));
            var rank = RankDiagnostics.Of(PerChain(r => r.Alignment));
            if (divergence is null && rank.Warn)
                warnings.Add(rank.NotConverged("A_f", cfg.Sampler));
            TwoStartCheck? twoStart = null;
            if (cfg.TwoStart)
            {
                var halves = PerChain(r => r.Alignment);
                int first = cfg.Chains - cfg.Chains / 2;
                if (divergence is null && halves.Count == cfg.Chains)
                {
                    var a = ChainDiagnostics.Summarise(halves.Take(first).ToList());
                    var b = ChainDiagnostics.Summarise(halves.Skip(first).ToList());
                    twoStart = TwoStartCheck.Of(a.Mean, a.Sem, b.Mean, b.Sem);
                    if (!twoStart.Agree)
                        warnings.Add(FormattableString.Invariant(
                            $"two-start check: the halves disagree on A_f (from the prior {a.Mean:0.0000} ± ") +
                            FormattableString.Invariant($"{a.Sem:0.0000}, from one neuron along w* {b.Mean:0.0000} ") +
                            FormattableString.Invariant($"± {b.Sem:0.0000}, z = {twoStart.Z:0.0}): the chains ") +
                            "remember their start; " + Sampling.RunLongerAdvice.For(cfg.Sampler));
                }
            }
            var samplerReport = step.Report(samplerStats, rc.Kappa);
            var specialised = new List<SpecialisedCount>();
            var specialisedTarget = new List<SpecialisedCount>();
            for (int l = 0; l < hidden; l++)
            {
                int layer = l;
                var e = ChainDiagnostics.Summarise(PerChain(r => r.Specialised[layer]));
                specialised.Add(new SpecialisedCount(l + 1, "linear", threshold[l][0], threshold[l][0] / 3, e.Mean, e.Sem));
                var et = ChainDiagnostics.Summarise(PerChain(r => r.SpecialisedTarget[layer]));
                specialisedTarget.Add(new SpecialisedCount(l + 1, "target", threshold[l][1], threshold[l][1] / 3, et.Mean, et.Sem));
            }
            if (hidden > 0 && priorStd[0][0] > 0 && Math.Abs(priorStd[0][0] / analytic1 - 1) > 0.5)
                warnings.Add(FormattableString.Invariant($"layer-1 prior overlap std by prior draws ({priorStd[0][0]:G3}) differs from 3σ_1/√d rule's σ_1/√d ({analytic1:G3})"));

            var histograms = new List<HistogramBin>();
            string[] featureNames = ["linear", "target"];
            for (int l = 0; l < hidden; l++)
                for (int k = 0; k < 2; k++)
                {
                    var all = new List<float>();
                    foreach (var o in outputs) if (o is not null) all.AddRange(o.Flat(l, k));
                    histograms.AddRange(OverlapHistogram.Build(l + 1, featureNames[k], all, cfg.HistogramBins));
                }

            var summary = new TrainSummary(
                Stat.From(alignment), Stat.From(ChainDiagnostics.Summarise(PerChain(r => r.TestMse))), Stat.From(ChainDiagnostics.Summarise(PerChain(r => r.TrainMse))),
                specialised, specialisedTarget, alignment.Rhat, alignment.Ess,
                schedule.Steps, schedule.Burnin, cfg.Thin, cfg.Chains, samplesPerChain, rows.Count,
                eta, step.EtaSource, lambda, eta * lambda,
                rc.Kappa, arch.Sigma2, rc.MeanField ? "meanfield" : "standard", rc.Chi,
                teacher.ToString(), teacher.Normalisation, rc.SinglePrecision ? "float32" : "float64",
                divergence is not null, divergence, warnings, clock.Elapsed.TotalSeconds)
            { Sampler = samplerReport, AlignmentDiagnostics = rank, TwoStart = twoStart, Extension = extensionReport };
            var series = new List<NeuronOverlapSeries>();
            for (int c = 0; c < outputs.Length; c++)
                if (outputs[c] is { } o)
                    for (int l = 0; l < hidden; l++)
                        for (int k = 0; k < 2; k++)
                            series.Add(new NeuronOverlapSeries(c, l + 1, featureNames[k], arch.Width(l + 1),
                                o.Flat(l, k)));
            return new TrainResult(cfg, summary, rows, histograms, series);
        }
        finally
        {
            blas.Dispose();
        }
    }

    /// <summary>
    /// The FCN on a training set as a sum over fixed row blocks (<see cref="RowBlockedModel{T}"/>): a chain's
    /// trajectory is the same whether it runs alone on several threads or beside other chains.
    /// </summary>
    public static RowBlockedModel<T> BlockedModel<T>(FcnArchitecture arch, Dataset data, int rows, int threads)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var x = data.XAs<T>(); var y = data.YAs<T>();
        int d = arch.InputDim;
        var parts = RowBlockedModel<T>.Ranges(rows, arch.ParameterCount).Select(r =>
            (IPosteriorModel<T>)new FullyConnectedNetwork<T>(arch, x.AsSpan(r.Start * d, r.Count * d).ToArray(), y.AsSpan(r.Start, r.Count).ToArray(), r.Count)).ToList();
        return new RowBlockedModel<T>(parts, threads);
    }

    /// <summary>Turns neuron 0 of layer 1 (row 0 of W¹, row-major from <paramref name="offset"/>) along the unit
    /// vector <paramref name="direction"/>, keeping its norm: the two-start check's specialised start.</summary>
    internal static void AlignFirstNeuron(double[] theta, int offset, double[] direction)
    {
        double norm = 0;
        for (int k = 0; k < direction.Length; k++) norm += theta[offset + k] * theta[offset + k];
        norm = Math.Sqrt(norm);
        for (int k = 0; k < direction.Length; k++) theta[offset + k] = norm * direction[k];
    }

    private static double[] DrawDirection(int d, RandomStream rng)
    {
        var w = new double[d];
        rng.FillGaussian(w);
        return w;
    }

    /// <summary>RMS of each overlap ⟨h_i^l, Φ⟩ over networks drawn from the prior ([layer][feature]); its mean is 0 by weight-sign symmetry.</summary>
    public static double[][] PriorOverlapStd(FcnArchitecture arch, Dataset test, int targetDegree, int draws, ulong seed, int threads = 1)
    {
        int hidden = arch.Depth - 1;
        var observer = new FcnObserver<double>(arch, test.X, test.Y, test.Phi, targetDegree, threads: threads);
        var sums = new double[hidden][];
        var counts = new long[hidden];
        for (int l = 0; l < hidden; l++) sums[l] = new double[2];
        var blocks = new BlocksOnly(arch.Blocks(), arch.ParameterCount);
        var theta = new double[arch.ParameterCount];
        for (int r = 0; r < draws; r++)
        {
            LangevinSampler<double>.DrawPrior(blocks, theta, RandomStream.For(seed, (uint)r, "prior-overlaps"));
            var obs = observer.Measure(theta);
            for (int l = 0; l < hidden; l++)
            {
                for (int k = 0; k < 2; k++) foreach (var v in obs.Overlaps[l][k]) sums[l][k] += v * v;
                counts[l] += obs.Overlaps[l][0].Length;
            }
        }
        return sums.Select((s, l) => s.Select(v => Math.Sqrt(v / counts[l])).ToArray()).ToArray();
    }

    /// <summary>A model stand-in that only carries the prior blocks (for drawing from the prior).</summary>
    private sealed class BlocksOnly(IReadOnlyList<ParameterBlock> blocks, int count) : IPosteriorModel<double>
    {
        public int ParameterCount => count;
        public IReadOnlyList<ParameterBlock> Blocks => blocks;
        public double LossAndGradient(ReadOnlySpan<double> theta, Span<double> gradient, ReadOnlySpan<bool> skipBlocks = default) => throw new NotSupportedException();
        public double Loss(ReadOnlySpan<double> theta) => throw new NotSupportedException();
    }
}
