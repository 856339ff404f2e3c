using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeatureScale.Reporting;
using FeatureScale.Experiments;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale train [--config FILE.json] [overrides]</c>: Langevin sampling of the posterior of a deep FCN
/// (Eq. 2) with the paper's observables. A thin wrapper over <see cref="Training.Run"/>; writes manifest.json,
/// summary.json, samples.csv and histograms.csv.
/// </summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var cmd = new Command("train", "Sample the Bayesian posterior of a network (an FCN; --arch cnn or attention; " +
            "--task parity or modadd) by Langevin dynamics and measure alignment, MSE and specialised neurons. " +
            "Defaults: the paper's Fig. 2 setting (two-layer erf, h3 teacher, d=N=40, P=1600, kappa=1, sigma2=1) " +
            "at about a minute.");
        var config = new Option<string?>("--config") { Description = "JSON file with a TrainConfig (snake_case keys; options below override it)." };
        var outDir = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "featurescale-results/train" };
        var d = new Option<int?>("--d") { Description = "Input dimension d." }.Positive();
        var p = new Option<int?>("--P") { Description = "Training-set size P." }.Positive();
        var width = new Option<int?>("--width") { Description = "Width of every hidden layer." }.Positive();
        var widths = new Option<string?>("--widths") { Description = "Comma-separated hidden widths N1,N2,… (one per hidden layer)." };
        var depth = new Option<int?>("--depth") { Description = "Depth L ≥ 2 (weight layers)." }.AtLeast(2);
        var act = new Option<string?>("--act") { Description = "Activation: erf, relu, tanh, linear, quadratic (1+x+x^2), square (x^2)." };
        var target = new Option<string?>("--target") { Description = "Teacher: h3 = He3/sqrt(3!) (default), he3 = He3/3!, sums like h1+h3." };
        var kappa = new Option<double?>("--kappa") { Description = "Ridge = temperature kappa." }.Positive();
        var sigma2 = new Option<double?>("--sigma2") { Description = "Prior variance sigma^2 of every layer." }.Positive();
        var chains = new Option<int?>("--chains") { Description = "Number of independent chains." }.Positive();
        var steps = new Option<int?>("--steps") { Description = "Sampling steps per chain after burn-in." }.Positive();
        var burnin = new Option<int?>("--burnin") { Description = "Burn-in steps per chain." }.AtLeast(0);
        var thin = new Option<int?>("--thin") { Description = "Measure every this many steps." }.Positive();
        var eta = new Option<double?>("--eta")
        {
            Description = "Step size of sampler ula (default: 0.1/lambda_max of the action at initialisation); " +
                "given without --sampler it selects ula.",
        }.Positive();
        var seed = new Option<ulong?>("--seed") { Description = "Random seed." };
        var param = new Option<string?>("--param") { Description = "standard or meanfield." };
        var chi = new Option<double?>("--chi") { Description = "Mean-field scale chi (default N_{L-1})." }.Positive();
        var threads = new Option<int?>("--threads") { Description = "Threads (0 = all cores); results do not depend on it." }.AtLeast(0);
        var precision = new Option<string?>("--precision") { Description = "float64 or float32." };
        var testPoints = new Option<int?>("--test-points") { Description = "Size of the fresh test set." }.AtLeast(2);
        var covExp = new Option<double?>("--cov-exponent") { Description = "Input covariance eigenvalues k^-a (0 = isotropic)." }.AtLeast(0);
        var freeze = new Option<string?>("--freeze") { Description = "Comma-separated layers (1..L) kept at their prior draw." };
        var newData = new Option<bool?>("--new-data-per-chain") { Description = "Draw a fresh training set for every chain." };
        var twoStart = new Option<bool?>("--two-start")
        {
            Description = "Two-start check: half the chains start with one neuron along w*, half from the prior; " +
                          "warns when their A_f disagree.",
        };
        var rhatTarget = new Option<double?>("--rhat-target")
        {
            Description = "Extend the chains (length doubled, burn-in to twice itself or 5 τ, continuing where they " +
                          "stopped) until A_f's split-R̂ (the primary observable's for other tasks) is at most this, " +
                          "e.g. 1.05, and the burn-in is at least 5 autocorrelation times τ.",
        };
        var essTarget = new Option<double?>("--ess-target")
        {
            Description = "With --rhat-target: also extend until the observable's bulk ESS is at least this, e.g. 400.",
        };
        var maxSteps = new Option<int?>("--max-steps")
        {
            Description = "With --rhat-target: the most sampling steps per chain the extension may reach " +
                          "(default 8 × steps).",
        }.Positive();
        var writeOverlaps = new Option<bool?>("--write-overlaps") { Description = "Also write overlaps.csv (every per-neuron overlap of every kept sample)." };
        var arch = new Option<string?>("--arch") { Description = "Architecture: fcn (default), cnn (non-overlapping patches, Eq. 78/79) or attention (softmax heads, Eq. 14/82)." };
        var task = new Option<string?>("--task") { Description = "Task: hermite (default), parity (noisy k-parity, CE), modadd (modular addition) or attention-cubic." };
        var heads = new Option<int?>("--heads") { Description = "Attention heads H." }.Positive();
        var contextLength = new Option<int?>("--context-length") { Description = "Attention context length L." }.Positive();
        var patches = new Option<int?>("--patches") { Description = "CNN patches N_w (patch size d/N_w)." }.Positive();
        var loss = new Option<string?>("--loss") { Description = "mse or ce (default: ce for parity, mse otherwise)." };
        var parityNoise = new Option<double?>("--parity-noise") { Description = "Parity noise variance epsilon." }.AtLeast(0);
        var parityOrder = new Option<int?>("--parity-order") { Description = "Parity order k." }.Positive();
        var modulus = new Option<int?>("--modulus") { Description = "Modular addition modulus p." }.AtLeast(2);
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        var trainFraction = new Option<double?>("--train-fraction") { Description = "Modular addition: fraction of the p^2 pairs used for training." }.Within(1e-300, 1);
        Option[] all = [config, outDir, d, p, width, widths, depth, act, target, kappa, sigma2, chains, steps, burnin,
            thin, eta, seed, param, chi, threads, precision, testPoints, covExp, freeze, newData, twoStart, rhatTarget,
            maxSteps, essTarget, writeOverlaps,
            arch, task, heads, contextLength, patches, loss, parityNoise, parityOrder, modulus, trainFraction, force];
        foreach (var o in all) cmd.Options.Add(o);
        var sampler = new Option<string?>("--sampler")
        {
            Description = "Sampler: baoab (default), ula (step --eta), precond or mala (baoab, precond and mala " +
                "step in z = theta/sqrt(v)), optionally +gibbs (exact read-out draw, FCN only).",
        };
        var samplerStep = new Option<double?>("--sampler-step") { Description = "Step h in z for precond, mala, baoab (default: --sampler-step-fraction over lambda_max(z), baoab over its square root)." };
        var samplerFraction = new Option<double?>("--sampler-step-fraction") { Description = "h * lambda_max(z) (precond 0.1, mala 0.5) or h * sqrt(lambda_max(z)) (baoab 1)." };
        var friction = new Option<double?>("--friction") { Description = "BAOAB friction gamma (default 1)." };
        var replicas = new Option<int?>("--replicas")
        {
            Description = "Replica exchange: R replicas at kappa * ratio^r, r = 0..R-1, swapping states (default 1: off).",
        };
        var kappaRatio = new Option<double?>("--kappa-ratio") { Description = "Replica exchange: kappa ratio of neighbours (2)." };
        var swapEvery = new Option<int?>("--swap-every") { Description = "Replica exchange: steps between swap rounds (10)." };
        foreach (var o in new Option[] { sampler, samplerStep, samplerFraction, friction, replicas, kappaRatio, swapEvery })
            cmd.Options.Add(o);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var cfg = pr.GetValue(config) is { } file ? Load(file) : new TrainConfig();
            cfg = cfg with
            {
                D = pr.GetValue(d) ?? cfg.D,
                P = pr.GetValue(p) ?? cfg.P,
                Width = pr.GetValue(width) ?? cfg.Width,
                Widths = pr.GetValue(widths) is { } ws ? ParseInts(ws, "--widths") : pr.GetValue(width) is not null ? null : cfg.Widths,
                Depth = pr.GetValue(depth) ?? cfg.Depth,
                Activation = pr.GetValue(act) ?? cfg.Activation,
                Target = pr.GetValue(target) ?? cfg.Target,
                Kappa = pr.GetValue(kappa) ?? cfg.Kappa,
                Sigma2 = pr.GetValue(sigma2) ?? cfg.Sigma2,
                Sigma2Layers = pr.GetValue(sigma2) is not null ? null : cfg.Sigma2Layers,
                Chains = pr.GetValue(chains) ?? cfg.Chains,
                Steps = pr.GetValue(steps) ?? cfg.Steps,
                Burnin = pr.GetValue(burnin) ?? cfg.Burnin,
                Thin = pr.GetValue(thin) ?? cfg.Thin,
                Eta = pr.GetValue(eta) ?? cfg.Eta,
                Seed = pr.GetValue(seed) ?? cfg.Seed,
                Parameterisation = pr.GetValue(param) ?? cfg.Parameterisation,
                Chi = pr.GetValue(chi) ?? cfg.Chi,
                Threads = pr.GetValue(threads) ?? cfg.Threads,
                Precision = pr.GetValue(precision) ?? cfg.Precision,
                TestPoints = pr.GetValue(testPoints) ?? cfg.TestPoints,
                InputCovarianceExponent = pr.GetValue(covExp) ?? cfg.InputCovarianceExponent,
                Freeze = pr.GetValue(freeze) is { } fz ? ParseInts(fz, "--freeze") : cfg.Freeze,
                NewDataPerChain = pr.GetValue(newData) ?? cfg.NewDataPerChain,
                TwoStart = pr.GetValue(twoStart) ?? cfg.TwoStart,
                RhatTarget = pr.GetValue(rhatTarget) ?? cfg.RhatTarget,
                MaxSteps = pr.GetValue(maxSteps) ?? cfg.MaxSteps,
                EssTarget = pr.GetValue(essTarget) ?? cfg.EssTarget,
                WriteOverlaps = pr.GetValue(writeOverlaps) ?? cfg.WriteOverlaps,
                Arch = pr.GetValue(arch) ?? cfg.Arch,
                Task = pr.GetValue(task) ?? cfg.Task,
                Heads = pr.GetValue(heads) ?? cfg.Heads,
                ContextLength = pr.GetValue(contextLength) ?? cfg.ContextLength,
                Patches = pr.GetValue(patches) ?? cfg.Patches,
                Loss = pr.GetValue(loss) ?? cfg.Loss,
                ParityNoise = pr.GetValue(parityNoise) ?? cfg.ParityNoise,
                ParityOrder = pr.GetValue(parityOrder) ?? cfg.ParityOrder,
                Modulus = pr.GetValue(modulus) ?? cfg.Modulus,
                TrainFraction = pr.GetValue(trainFraction) ?? cfg.TrainFraction,
                Sampler = (cfg.Sampler ?? new()) with
                {
                    // --eta is ULA's step: alone it asks for ULA
                    Name = pr.GetValue(sampler) ?? (pr.GetValue(eta) is not null ? "ula" : null)
                        ?? cfg.Sampler?.Name ?? Sampling.SamplerSettings.DefaultName,
                    Step = pr.GetValue(samplerStep) ?? cfg.Sampler?.Step,
                    StepFraction = pr.GetValue(samplerFraction) ?? cfg.Sampler?.StepFraction,
                    Friction = pr.GetValue(friction) ?? cfg.Sampler?.Friction ?? 1.0,
                    Replicas = pr.GetValue(replicas) ?? cfg.Sampler?.Replicas,
                    KappaRatio = pr.GetValue(kappaRatio) ?? cfg.Sampler?.KappaRatio,
                    SwapEvery = pr.GetValue(swapEvery) ?? cfg.Sampler?.SwapEvery,
                },
            };
            return Run(cfg, pr.GetValue(outDir)!, pr.GetValue(force));
        }));
        return cmd;
    }

    /// <summary>Reads a TrainConfig from JSON (unknown keys are rejected).</summary>
    public static TrainConfig Load(string path)
    {
        if (Directory.Exists(path)) throw new ConfigException($"--config '{path}' is a folder, not a JSON file");
        if (!File.Exists(path)) throw new ConfigException($"--config: file not found: {path}");
        try { return JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(path), Json.Options) ?? throw new ConfigException($"config file {path} is empty"); }
        catch (JsonException e)
        {
            var type = System.Text.RegularExpressions.Regex.Match(e.Message, @"converted to (System\.[A-Za-z0-9]+)");
            if (type.Success && e.Path is { Length: > 2 } at)
                throw new ConfigException($"--config {path}: field '{at[2..]}' is not " + type.Groups[1].Value switch
                {
                    "System.Int32" => "an integer from -2147483648 to 2147483647",
                    "System.UInt64" => "a non-negative integer",
                    "System.Double" => "a number",
                    "System.Boolean" => "true or false",
                    "System.String" => "a string",
                    var t => $"of type {t}",
                });
            throw new ConfigException($"--config {path}: {e.Message.Split('\n')[0]}");
        }
    }

    private static int[] ParseInts(string text, string name)
    {
        try { return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); }
        catch (FormatException) { throw new ConfigException($"{name} must be a comma-separated list of integers (got '{text}')"); }
        catch (OverflowException) { throw new ConfigException($"{name} has a value out of range (got '{text}')"); }
    }

    /// <summary>Runs, writes the files and prints a short summary; exit 0, or 1 when a chain diverged.</summary>
    public static int Run(TrainConfig cfg, string outDir, bool force = false)
    {
        if (!cfg.IsFcnHermite) return ArchTrain.Run(cfg, outDir, force);
        var resolved = cfg.Resolve(); // reject bad configs before any work
        TrainResources.Check(cfg, outDir);
        OutputFolder.Prepare(outDir, "--out", force, "train", cfg);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var a = resolved.Architecture;
        string title = FormattableString.Invariant($"train L={a.Depth} {a.Activation.Name} d={cfg.D} N=[{string.Join(",", a.Widths)}] P={cfg.P} x{cfg.Chains} chains");
        var result = ConsoleProgress.Run(title, sink => Training.Run(cfg, sink));
        TrainOutputs.Write(outDir, result, started, clock.Elapsed.TotalSeconds);
        var s = result.Summary;
        foreach (var w in s.Warnings) Console.Error.WriteLine($"featurescale: warning: {w}");
        Console.WriteLine(FormattableString.Invariant($"A_f = {s.Alignment.Mean:0.0000} ± {s.Alignment.Sem:0.0000} (split-R̂ {s.Rhat:0.000}, ESS {s.Ess:0})"));
        Console.WriteLine(FormattableString.Invariant($"test MSE = {s.TestMse.Mean:0.0000} ± {s.TestMse.Sem:0.0000}, train MSE = {s.TrainMse.Mean:0.0000} ± {s.TrainMse.Sem:0.0000}"));
        foreach (var sp in s.Specialised)
            Console.WriteLine(FormattableString.Invariant($"specialised neurons, layer {sp.Layer} (|<h,w*.x>| > {sp.Threshold:0.0000}): {sp.Mean:0.00} ± {sp.Sem:0.00}"));
        Console.WriteLine(
            StepLine.Of(s.Sampler, s.Eta, s.EtaSource, s.EtaLambdaMax, s.SamplesTotal, s.WallSeconds, outDir));
        if (s.Diverged)
        {
            Console.Error.WriteLine($"featurescale: {s.Message} (samples measured before the divergence are saved)");
            return 1;
        }
        return 0;
    }
}
