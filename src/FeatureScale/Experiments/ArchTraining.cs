using System.Diagnostics;
using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Observables;
using FeatureScale.Sampling;
using FeatureScale.Activations;

namespace FeatureScale.Experiments;

/// <summary>
/// Langevin training of the softmax attention head (cubic target), the two-layer CNN with non-overlapping patches
/// (Hermite patch-sum target), and two-layer networks on noisy parity (cross-entropy) and modular addition, with
/// the same sampler, step-size rule, chain ensemble and reproducibility rules as <see cref="Training"/>.
/// </summary>
public static class ArchTraining
{
    /// <summary>Valid (arch, task) pairs.</summary>
    public const string ValidPairs = "fcn+hermite, fcn+parity, fcn+modadd, cnn+hermite, attention+attention-cubic";

    /// <summary>Checks the configuration for the chosen arch/task; throws <see cref="ConfigException"/> with one clear line.</summary>
    public static ResolvedArchConfig Resolve(TrainConfig c)
    {
        var samplerSettings = (c.Sampler ?? throw new ConfigException("sampler must be an object like {\"name\": \"baoab\"}")).Validate();
        if (c.MaxSteps is not null && c.RhatTarget is null)
            throw new ConfigException("max_steps bounds an extension: set rhat_target too (e.g. 1.05)");
        if (c.EssTarget is not null && c.RhatTarget is null)
            throw new ConfigException("ess_target is a goal of an extension: set rhat_target too (e.g. 1.05)");
        c.Extension?.Validate(c.Steps);
        if (c.TwoStart)
            throw new ConfigException("two_start is for the FCN on a Hermite teacher (one neuron along w*); " +
                                      $"arch '{c.Arch}' with task '{c.Task}' has no such start");
        if (samplerSettings.ReadoutGibbs)
            throw new ConfigException($"sampler '{samplerSettings.Name}': the read-out Gibbs move is for the FCN on a Hermite teacher (MSE); use {samplerSettings.BaseName}");
        var arch = c.Arch.Trim().ToLowerInvariant() switch
        {
            "fcn" => ArchKind.Fcn, "cnn" => ArchKind.Cnn, "attention" => ArchKind.Attention,
            _ => throw new ConfigException($"unknown arch '{c.Arch}' (use fcn, cnn or attention)"),
        };
        var task = c.Task.Trim().ToLowerInvariant() switch
        {
            "hermite" => TaskKind.Hermite, "parity" => TaskKind.Parity, "modadd" or "modular-addition" => TaskKind.ModAdd,
            "attention-cubic" or "cubic" => TaskKind.AttentionCubic,
            _ => throw new ConfigException($"unknown task '{c.Task}' (use hermite, parity, modadd or attention-cubic)"),
        };
        bool ok = (arch, task) switch
        {
            (ArchKind.Fcn, TaskKind.Hermite or TaskKind.Parity or TaskKind.ModAdd) => true,
            (ArchKind.Cnn, TaskKind.Hermite) => true,
            (ArchKind.Attention, TaskKind.AttentionCubic) => true,
            _ => false,
        };
        if (!ok) throw new ConfigException($"task '{c.Task}' is not available for arch '{c.Arch}' (valid: {ValidPairs})");
        RejectInapplicable(c, arch, task);
        var loss = c.Loss is null ? (task == TaskKind.Parity ? OutputLoss.CrossEntropy : OutputLoss.SquaredError) : OutputLosses.Parse(c.Loss);
        if (loss == OutputLoss.CrossEntropy && task is TaskKind.Hermite or TaskKind.AttentionCubic)
            throw new ConfigException($"loss 'ce' needs a classification task (parity or modadd), not '{c.Task}'");
        if (c.Depth != 2 && arch != ArchKind.Attention && !(arch == ArchKind.Fcn && task == TaskKind.Hermite))
            throw new ConfigException($"arch '{c.Arch}' with task '{c.Task}' is a two-layer network: depth must be 2 (got {c.Depth})");
        if (c.Widths is not null && arch != ArchKind.Attention && c.Widths.Length != 1)
            throw new ConfigException($"widths must have one entry for a two-layer network (got {c.Widths.Length})");
        int width = c.Widths?[0] ?? c.Width;
        if (arch != ArchKind.Attention && width < 1) throw new ConfigException($"width must be positive (got {width})");
        if (!c.Parameterisation.Trim().Equals("standard", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException($"parameterisation '{c.Parameterisation}' is only supported for fcn+hermite (use standard)");
        if (c.InputCovarianceExponent != 0) throw new ConfigException("input_covariance_exponent is only supported for fcn+hermite");
        if (c.NewDataPerChain) throw new ConfigException("new_data_per_chain is only supported for fcn+hermite");
        if (task != TaskKind.ModAdd && c.D <= 0) throw new ConfigException($"d must be positive (got {c.D})");
        if (task != TaskKind.ModAdd && c.P < 1) throw new ConfigException($"P must be at least 1 (got {c.P})");
        if (!(c.Kappa > 0) || !double.IsFinite(c.Kappa)) throw new ConfigException($"kappa must be positive (got {c.Kappa})");
        double s1 = c.Sigma2, s2 = c.Sigma2;
        if (c.Sigma2Layers is not null)
        {
            if (c.Sigma2Layers.Length != 2) throw new ConfigException($"sigma2_layers must have 2 entries for arch '{c.Arch}' (got {c.Sigma2Layers.Length})");
            s1 = c.Sigma2Layers[0]; s2 = c.Sigma2Layers[1];
        }
        if (!(s1 > 0) || !(s2 > 0) || !double.IsFinite(s1) || !double.IsFinite(s2)) throw new ConfigException("sigma2 must be positive and finite");
        if (c.Chains < 1) throw new ConfigException($"chains must be at least 1 (got {c.Chains})");
        if (c.Steps < 1) throw new ConfigException($"steps must be at least 1 (got {c.Steps})");
        if (c.Burnin < 0) throw new ConfigException($"burnin must be ≥ 0 (got {c.Burnin})");
        if (c.Thin < 1) throw new ConfigException($"thin must be at least 1 (got {c.Thin})");
        if (c.Eta is { } eta && (!(eta > 0) || !double.IsFinite(eta))) throw new ConfigException($"eta must be positive (got {eta})");
        TrainConfig.CheckEtaSampler(c.Eta, c.Sampler);
        if (c.Threads < 0) throw new ConfigException($"threads must be ≥ 0 (0 = all cores; got {c.Threads})");
        bool single = c.Precision.Trim().ToLowerInvariant() switch
        {
            "float64" or "double" => false,
            "float32" or "single" or "float" => true,
            _ => throw new ConfigException($"unknown precision '{c.Precision}' (use float64 or float32)"),
        };
        if (task != TaskKind.ModAdd && c.TestPoints < 2) throw new ConfigException($"test_points must be at least 2 (got {c.TestPoints})");
        if (c.HistogramBins < 1) throw new ConfigException($"histogram_bins must be at least 1 (got {c.HistogramBins})");
        var freeze = (c.Freeze ?? []).Distinct().OrderBy(l => l).ToArray();
        foreach (int l in freeze) if (l < 1 || l > 2) throw new ConfigException($"cannot freeze block {l}: arch '{c.Arch}' has blocks 1..2 (1 = first layer / A, 2 = read-out / w)");
        if (freeze.Length == 2) throw new ConfigException("every block is frozen: nothing to sample");
        var act = arch == ArchKind.Attention ? Activation.Linear : Activation.Parse(c.Activation);
        IReadOnlyList<HermiteTerm> terms = [];
        switch (task)
        {
            case TaskKind.Hermite:
                terms = Teacher.ParseTerms(c.Target);
                if (arch == ArchKind.Cnn)
                {
                    if (c.Patches < 1) throw new ConfigException($"patches must be at least 1 (got {c.Patches})");
                    if (c.D % c.Patches != 0) throw new ConfigException($"d = {c.D} is not a multiple of patches = {c.Patches} (d = N_w S)");
                }
                break;
            case TaskKind.Parity:
                _ = new ParityData(c.D, c.ParityOrder, c.ParityNoise);
                break;
            case TaskKind.ModAdd:
                _ = new ModularAdditionData(c.Modulus);
                if (!(c.TrainFraction > 0) || !(c.TrainFraction < 1)) throw new ConfigException($"train_fraction must be in (0, 1) (got {c.TrainFraction})");
                break;
            case TaskKind.AttentionCubic:
                if (c.D < 3) throw new ConfigException($"the cubic attention target needs d ≥ 3 (got {c.D})");
                _ = new AttentionArchitecture(c.D, c.ContextLength, c.Heads, s1, s2);
                break;
        }
        return new ResolvedArchConfig(c, arch, task, loss, act, s1, s2, terms, single, freeze.Select(l => l - 1).ToArray(),
            c.Threads > 0 ? c.Threads : Environment.ProcessorCount);
    }

    /// <summary>Fields that belong to another arch or task must keep their defaults (a set value would be ignored).</summary>
    private static void RejectInapplicable(TrainConfig c, ArchKind arch, TaskKind task)
    {
        var d = new TrainConfig();
        string where = $"arch '{c.Arch}' with task '{c.Task}'";
        void Check(bool applies, bool isDefault, string field)
        {
            if (!applies && !isDefault) throw new ConfigException($"{field} does not apply to {where}");
        }
        Check(arch != ArchKind.Attention, c.Activation == d.Activation, "activation");
        Check(arch != ArchKind.Attention, c.Width == d.Width && c.Widths is null, "width");
        Check(arch != ArchKind.Attention, c.Depth == d.Depth, "depth");
        Check(task == TaskKind.Hermite, c.Target == d.Target, "target");
        Check(arch == ArchKind.Cnn, c.Patches == d.Patches, "patches");
        Check(arch == ArchKind.Attention, c.Heads == d.Heads && c.ContextLength == d.ContextLength, "heads/context_length");
        Check(task == TaskKind.Parity, c.ParityNoise == d.ParityNoise && c.ParityOrder == d.ParityOrder, "parity_noise/parity_order");
        Check(task == TaskKind.ModAdd, c.Modulus == d.Modulus && c.TrainFraction == d.TrainFraction, "modulus/train_fraction");
        if (c.Chi is not null) throw new ConfigException($"chi does not apply to {where} (standard parameterisation only)");
    }

    /// <summary>Runs a configuration and returns its results.</summary>
    public static ArchTrainResult Run(TrainConfig config, IProgressSink? progress = null, CancellationToken cancel = default)
    {
        var rc = Resolve(config);
        return rc.SinglePrecision ? RunTyped<float>(rc, progress ?? NullProgress.Instance, cancel)
                                  : RunTyped<double>(rc, progress ?? NullProgress.Instance, cancel);
    }

    /// <summary>What one experiment provides to the generic Langevin loop.</summary>
    internal abstract class Experiment<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public abstract string[] Names { get; }
        public abstract string Primary { get; }
        public abstract int ParameterCount { get; }
        public abstract int TrainCount { get; }
        public abstract double LossLimit { get; }
        public abstract IPosteriorModel<double> Probe(int threads);
        public abstract IPosteriorModel<T> Model(int threads);
        /// <summary>A per-chain measurer (owns scratch buffers): observables and the projections to histogram.</summary>
        public abstract Func<T[], (double[] Values, (string Feature, double[] Values)[] Projections)> Measurer();
    }

    private static Experiment<T> Build<T>(ResolvedArchConfig rc) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var c = rc.Config;
        switch (rc.Task)
        {
            case TaskKind.AttentionCubic: return new AttentionExperiment<T>(rc);
            case TaskKind.ModAdd:
            {
                var task = new ModularAdditionData(c.Modulus);
                var (train, test) = task.Split(c.TrainFraction, RandomStream.For(c.Seed, 0, "modadd-split"), centred: rc.Loss == OutputLoss.SquaredError);
                var arch = new PatchArchitecture(1, train.Dimension, c.Widths?[0] ?? c.Width, c.Modulus, rc.Activation, rc.Sigma1, rc.Sigma2);
                return new PatchExperiment<T>(rc, arch, train, test, null, classification: true);
            }
            case TaskKind.Parity:
            {
                var task = new ParityData(c.D, c.ParityOrder, c.ParityNoise);
                var train = task.Draw(c.P, RandomStream.For(c.Seed, 0, "train"));
                var test = task.Draw(c.TestPoints, RandomStream.For(c.Seed, 0, "test"));
                var arch = new PatchArchitecture(1, c.D, c.Widths?[0] ?? c.Width, 2, rc.Activation, rc.Sigma1, rc.Sigma2);
                var dirs = new List<(string, double[])> { (string.Join("+", Enumerable.Range(1, c.ParityOrder).Select(i => $"e{i}")), task.SumDirection()) };
                for (int i = 0; i < c.ParityOrder; i++) { var e = new double[c.D]; e[i] = 1; dirs.Add(($"e{i + 1}", e)); }
                return new PatchExperiment<T>(rc, arch, train, test, dirs, classification: true);
            }
            default:
            {
                int patches = rc.Arch == ArchKind.Cnn ? c.Patches : 1;
                int size = c.D / patches;
                var teacherDir = new double[size];
                RandomStream.For(c.Seed, 0, "teacher").FillGaussian(teacherDir);
                var teacher = new Teacher(rc.TargetTerms, teacherDir);
                LabelledData Draw(int n, string purpose)
                {
                    var x = new double[n * c.D];
                    RandomStream.For(c.Seed, 0, purpose).FillGaussian(x);
                    var y = new double[n];
                    for (int p = 0; p < n; p++)
                        for (int i = 0; i < patches; i++)
                        {
                            double z = 0;
                            for (int k = 0; k < size; k++) z += x[p * c.D + i * size + k] * teacher.Direction[k];
                            y[p] += teacher.Evaluate(z);
                        }
                    return new LabelledData(x, y, n, c.D, 1);
                }
                var arch = new PatchArchitecture(patches, size, c.Widths?[0] ?? c.Width, 1, rc.Activation, rc.Sigma1, rc.Sigma2);
                return new PatchExperiment<T>(rc, arch, Draw(c.P, "train"), Draw(c.TestPoints, "test"), [("w*", teacher.Direction)], classification: false);
            }
        }
    }

    /// <summary>
    /// A chain kept alive between the rounds of an extension: its sampler, state, noise and measurer.
    /// </summary>
    private sealed class LiveChain<T>(IChainSampler<T> sampler, T[] theta, RandomStream noise,
        Func<T[], (double[] Values, (string Feature, double[] Values)[] Projections)> measure)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public IChainSampler<T> Sampler { get; } = sampler;
        public T[] Theta { get; } = theta;
        public RandomStream Noise { get; } = noise;
        public Func<T[], (double[] Values, (string Feature, double[] Values)[] Projections)> Measure { get; } = measure;
        /// <summary>Steps done so far.</summary>
        public int Done { get; set; }
    }

    /// <summary>Drops the kept samples before an extension's longer burn-in and renumbers the rest from 0.</summary>
    private static void DropBefore(List<ArchSampleRow>? rows, List<(string, float[])[]>? projections, int burnin)
    {
        if (rows is null || projections is null) return;
        int drop = rows.TakeWhile(r => r.Step < burnin).Count();
        if (drop == 0) return;
        rows.RemoveRange(0, drop);
        projections.RemoveRange(0, drop);
        for (int i = 0; i < rows.Count; i++) rows[i] = rows[i] with { Sample = i };
    }

    private static ArchTrainResult RunTyped<T>(ResolvedArchConfig rc, IProgressSink progress, CancellationToken cancel)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        var cfg = rc.Config;
        ulong seed = cfg.Seed;
        var warnings = new List<string>();
        var exp = Build<T>(rc);
        if (rc.Arch == ArchKind.Attention && (long)cfg.TestPoints * cfg.ContextLength > 400_000)
            warnings.Add(FormattableString.Invariant(
                $"the attention test set holds {cfg.TestPoints} inputs × {cfg.ContextLength} tokens and is evaluated at every kept sample; --test-points {Math.Max(100, 400_000 / cfg.ContextLength)} measures A_f to ≈ {1 / Math.Sqrt(Math.Max(100, 400_000 / cfg.ContextLength)):0.00} and runs faster"));
        var blas = LinearAlgebra.SingleThreaded();
        bool chainParallel = cfg.Chains > 1 || rc.Threads == 1;
        try
        {
            int inner = chainParallel ? 1 : rc.Threads;
            var probe = exp.Probe(inner);
            var step = StepSetup.Probe(probe, cfg.Kappa, rc.FrozenBlocks, seed, cfg.Eta, cfg.Sampler, iterations: 20);
            if (step.Warning is { } stepWarning) warnings.Add(stepWarning);
            double eta = step.Eta, lambda = step.LambdaMax;
            var samplerStats = new SamplerStatistics[cfg.Chains];
            var schedule = new ChainSchedule(cfg.Burnin, cfg.Steps, cfg.Thin);
            var ensemble = new EnsembleProgress(progress, exp.Primary, (long)schedule.TotalSteps * cfg.Chains);
            var rows = new List<ArchSampleRow>[cfg.Chains];
            // one entry per kept sample (so that an extension's longer burn-in can drop them with the rows)
            var projections = new List<(string Feature, float[] Values)[]>[cfg.Chains];
            var live = new LiveChain<T>?[cfg.Chains];
            int primaryIndex = Array.IndexOf(exp.Names, exp.Primary);

            LiveChain<T> Start(int ch)
            {
                rows[ch] = [];
                projections[ch] = [];
                var model = exp.Model(inner);
                var sampler = SamplerCatalog.Create(new SamplerContext<T>(model, cfg.Kappa, rc.FrozenBlocks, eta, step.LambdaZ, step.Sampler, inner));
                var init = new double[exp.ParameterCount];
                LangevinSampler<double>.DrawPrior(probe, init, RandomStream.For(seed, (uint)ch, "init"));
                return new LiveChain<T>(sampler, init.Select(T.CreateTruncating).ToArray(),
                    RandomStream.For(seed, (uint)ch, "noise"), exp.Measurer());
            }

            string? RunChain(int ch, CancellationToken token)
            {
                var chain = live[ch] ??= Start(ch);
                var mine = rows[ch];
                var proj = projections[ch];
                try
                {
                    return ChainRunner.Run(chain.Sampler, chain.Theta, chain.Noise, schedule, exp.LossLimit,
                        $"chain {ch}", step.SuggestedEta,
                        (_, th) => chain.Measure(th),
                        (t, sample, loss, obs) =>
                        {
                            mine.Add(new ArchSampleRow(ch, sample, t, loss, obs.Values));
                            proj.Add(obs.Projections.Select(f => (f.Feature, f.Values.Select(v => (float)v).ToArray()))
                                .ToArray());
                            if (primaryIndex >= 0) ensemble.AddSample(obs.Values[primaryIndex]);
                        },
                        ensemble.AddSteps, reportEvery: 50, token, from: chain.Done, firstSample: mine.Count);
                }
                finally
                {
                    chain.Done = schedule.TotalSteps;
                    samplerStats[ch] = chain.Sampler.Statistics;
                }
            }

            List<IReadOnlyList<double>> PerChain(Func<ArchSampleRow, double> f) =>
                rows.Where(r => r is not null && r.Count > 0).Select(r => (IReadOnlyList<double>)r.Select(f).ToList()).ToList();
            var extension = cfg.Extension;
            var rounds = new List<ExtensionRound>();
            bool reached = false;
            string? diverged;
            while (true)
            {
                diverged = ChainRunner.RunEnsemble(cfg.Chains, rc.Threads, chainParallel, RunChain, cancel);
                cancel.ThrowIfCancellationRequested();
                if (extension is null || diverged is not null || primaryIndex < 0) break;
                // as the FCN trainer: the larger of the rank-normalised and the classic split-R̂ of the primary
                var rankNow = RankDiagnostics.Of(PerChain(r => r.Values[primaryIndex]));
                double classic = ChainDiagnostics.Summarise(PerChain(r => r.Values[primaryIndex])).Rhat;
                double rhat = double.IsNaN(classic) ? rankNow.Rhat : Math.Max(rankNow.Rhat, classic);
                double tau = ChainExtension.Tau(rankNow.BulkEss, cfg.Chains, schedule.Steps);
                rounds.Add(new ExtensionRound(schedule.Burnin, schedule.Steps, rhat, rankNow.BulkEss, tau));
                if (reached = extension.Reached(rankNow with { Rhat = rhat }, schedule, cfg.Chains)) break;
                if (extension.Next(schedule, rankNow with { Rhat = rhat }, cfg.Chains) is not { } next) break;
                schedule = next;
                for (int ch = 0; ch < cfg.Chains; ch++) DropBefore(rows[ch], projections[ch], schedule.Burnin);
                ensemble.Extend((long)schedule.TotalSteps * cfg.Chains,
                    FormattableString.Invariant($" (extending to {schedule.TotalSteps} steps: R̂ {rhat:0.00})"));
            }
            int samplesPerChain = schedule.SamplesPerChain;
            ExtensionReport? extensionReport = extension is null ? null
                : new ExtensionReport(extension.RhatTarget, extension.MaxSteps, reached, rounds)
                {
                    EssTarget = extension.EssTarget,
                };
            if (extensionReport?.Warning(exp.Primary, schedule.Steps) is { } missed) warnings.Add(missed);

            var all = rows.Where(r => r is not null).SelectMany(r => r).ToList();
            NamedStat Summ(string name, Func<ArchSampleRow, double> f)
            {
                var chains = PerChain(f);
                if (chains.Count == 0) return new NamedStat(name, double.NaN, double.NaN, double.NaN, double.NaN);
                var e = ChainDiagnostics.Summarise(chains);
                return new NamedStat(name, e.Mean, e.Sem, e.Ess, e.Rhat);
            }
            var stats = exp.Names.Select((n, k) => Summ(n, r => r.Values[k])).ToList();
            var trainLoss = Summ("train_loss", r => r.TrainLoss);
            if (diverged is null && primaryIndex >= 0 && RankDiagnostics.Of(PerChain(r => r.Values[primaryIndex])) is { Warn: true } rank)
                warnings.Add(rank.NotConverged(exp.Primary, cfg.Sampler));
            var histograms = new List<HistogramBin>();
            var kept = projections.Where(p => p is not null).SelectMany(p => p).SelectMany(s => s).ToList();
            foreach (var f in kept.Select(k => k.Feature).Distinct().ToList())
            {
                var values = new List<float>();
                foreach (var (feature, v) in kept) if (feature == f) values.AddRange(v);
                histograms.AddRange(OverlapHistogram.Build(1, f, values, cfg.HistogramBins));
            }
            var message = diverged;
            var summary = new ArchTrainSummary(rc.ArchName, rc.TaskName, OutputLosses.Name(rc.Loss), exp.Primary, stats, trainLoss,
                schedule.Steps, schedule.Burnin, cfg.Thin, cfg.Chains, samplesPerChain, all.Count,
                eta, step.EtaSource, lambda, eta * lambda, cfg.Kappa, rc.SinglePrecision ? "float32" : "float64", exp.ParameterCount,
                message is not null, message, warnings, clock.Elapsed.TotalSeconds)
            {
                Sampler = step.Report(samplerStats, cfg.Kappa),
                Extension = extensionReport,
            };
            return new ArchTrainResult(cfg, summary, exp.Names, all, histograms);
        }
        finally
        {
            blas.Dispose();
        }
    }
}
