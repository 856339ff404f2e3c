using System.Text.Json.Serialization;
using FeatureScale.Data;
using FeatureScale.Architectures;

namespace FeatureScale.Experiments;

/// <summary>
/// Configuration of a Langevin training run (<c>featurescale train</c>), JSON-serialisable (snake_case keys; P is "P").
/// Defaults are the paper's Fig. 2 setting (two-layer erf network, h_3 teacher, d = N = 40, P = 40d, κ = 1, σ² = 1)
/// with an ensemble and run length that finish in about a minute on two cores. Later issues extend this record.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainConfig
{
    /// <summary>Input dimension d.</summary>
    public int D { get; init; } = 40;
    /// <summary>Training-set size P.</summary>
    [JsonPropertyName("P")] public int P { get; init; } = 1600;
    /// <summary>Depth L ≥ 2 (number of weight layers).</summary>
    public int Depth { get; init; } = 2;
    /// <summary>Width of every hidden layer when <see cref="Widths"/> is not given.</summary>
    public int Width { get; init; } = 40;
    /// <summary>Hidden widths N_1..N_{L−1} (overrides <see cref="Width"/>; must have L − 1 entries).</summary>
    public int[]? Widths { get; init; }
    /// <summary>erf, relu, tanh, linear, quadratic (1+x+x²) or square (x²).</summary>
    public string Activation { get; init; } = "erf";
    /// <summary>Teacher: h3 (He_3/√3!), he3 (He_3/3!), sums like h1+h3.</summary>
    public string Target { get; init; } = "h3";
    /// <summary>Ridge parameter = Langevin temperature κ (before any mean-field rescaling).</summary>
    public double Kappa { get; init; } = 1.0;
    /// <summary>Prior variance σ² of every layer when <see cref="Sigma2Layers"/> is not given.</summary>
    public double Sigma2 { get; init; } = 1.0;
    /// <summary>Per-layer σ_1²..σ_L² (must have L entries).</summary>
    public double[]? Sigma2Layers { get; init; }
    /// <summary>"standard" or "meanfield" (σ_L² and κ divided by χ, App. B.1).</summary>
    public string Parameterisation { get; init; } = "standard";
    /// <summary>Mean-field scale χ (default N_{L−1}); ignored for standard parameterisation.</summary>
    public double? Chi { get; init; }
    /// <summary>Independent chains in the ensemble.</summary>
    public int Chains { get; init; } = 8;
    /// <summary>Sampling steps per chain after burn-in.</summary>
    public int Steps { get; init; } = 10000;
    /// <summary>Burn-in steps per chain (not measured).</summary>
    public int Burnin { get; init; } = 6000;
    /// <summary>Measure every this many steps.</summary>
    public int Thin { get; init; } = 50;
    /// <summary>Step size η (default: <see cref="Sampling.StepSize.SafeFraction"/>/λ_max of the action at initialisation).</summary>
    public double? Eta { get; init; }
    /// <summary>The sampler and its parameters (default: BAOAB, <see cref="Sampling.SamplerSettings.DefaultName"/>;
    /// "ula" steps with <see cref="Eta"/>).</summary>
    public Sampling.SamplerSettings Sampler { get; init; } = new();
    /// <summary>Seed of every random stream.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Threads (0 = all cores). Results do not depend on it.</summary>
    public int Threads { get; init; } = 0;
    /// <summary>"float64" or "float32".</summary>
    public string Precision { get; init; } = "float64";
    /// <summary>Size of the fresh test set on which every observable is measured.</summary>
    public int TestPoints { get; init; } = 10000;
    /// <summary>Input covariance eigenvalues k^{−a}; 0 = isotropic N(0, I_d).</summary>
    public double InputCovarianceExponent { get; init; } = 0;
    /// <summary>Draw a new training set for every chain (default: one shared training set).</summary>
    public bool NewDataPerChain { get; init; } = false;
    /// <summary>
    /// Two-start check: the second half of the chains starts with neuron 0 of layer 1 turned along the teacher w*
    /// (its prior norm kept), the first half from the prior; the summary says whether the halves agree on A_f.
    /// </summary>
    public bool TwoStart { get; init; } = false;
    /// <summary>
    /// Extend the chains until A_f's rank-normalised split-R̂ is at most this (e.g. 1.05): each round continues
    /// the chains to twice their length, burn-in doubled (<see cref="Sampling.ChainExtension"/>); null: the fixed
    /// burnin and steps.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RhatTarget { get; init; }
    /// <summary>The most sampling steps per chain an extension may reach (default 8 × steps).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxSteps { get; init; }
    /// <summary>With <see cref="RhatTarget"/>: also extend until the observable's bulk ESS is at least this.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EssTarget { get; init; }
    /// <summary>The extension policy of <see cref="RhatTarget"/>, <see cref="MaxSteps"/> and
    /// <see cref="EssTarget"/>, or null.</summary>
    [JsonIgnore]
    public Sampling.ChainExtension? Extension =>
        RhatTarget is { } target ? new(target, MaxSteps ?? (int)Math.Min(int.MaxValue, 8L * Steps), EssTarget) : null;
    /// <summary>Layers (1..L) whose weights stay at their initial prior draw.</summary>
    public int[]? Freeze { get; init; }
    /// <summary>Bins of the overlap histograms.</summary>
    public int HistogramBins { get; init; } = 60;
    /// <summary>Prior networks drawn to estimate the NNGP standard deviation of overlaps (specialisation thresholds beyond layer 1).</summary>
    public int PriorDraws { get; init; } = 16;

    /// <summary>Also write overlaps.csv: every per-neuron overlap of every kept sample (large for wide networks).</summary>
    public bool WriteOverlaps { get; init; } = false;
    /// <summary>Architecture: fcn (Eq. 1), cnn (two-layer, non-overlapping patches, Eq. 78/79) or attention (Eq. 14/82).</summary>
    public string Arch { get; init; } = "fcn";
    /// <summary>Task: hermite (single-index Hermite teacher; for cnn summed over patches), parity (noisy k-parity, App. E.2),
    /// modadd (modular addition) or attention-cubic (the cubic attention target, §6.2).</summary>
    public string Task { get; init; } = "hermite";
    /// <summary>Attention heads H.</summary>
    public int Heads { get; init; } = 2;
    /// <summary>Attention context length L.</summary>
    public int ContextLength { get; init; } = 180;
    /// <summary>CNN patches N_w (patch size S = d/N_w).</summary>
    public int Patches { get; init; } = 4;
    /// <summary>Loss: mse or ce (default: ce for parity, mse otherwise).</summary>
    public string? Loss { get; init; }
    /// <summary>Parity noise variance ε (x_i = s_i + N(0, ε)).</summary>
    public double ParityNoise { get; init; } = 0.1;
    /// <summary>Parity order k.</summary>
    public int ParityOrder { get; init; } = 2;
    /// <summary>Modular-addition modulus p.</summary>
    public int Modulus { get; init; } = 23;
    /// <summary>Modular addition: fraction of the p² pairs used for training.</summary>
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>True for the FCN on a Hermite teacher (the <see cref="Training"/> engine); other arch/task pairs run
    /// through <see cref="ArchTraining"/>.</summary>
    [JsonIgnore]
    public bool IsFcnHermite => string.Equals(Arch.Trim(), "fcn", StringComparison.OrdinalIgnoreCase) && string.Equals(Task.Trim(), "hermite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks every field and resolves names; throws <see cref="ConfigException"/> with one clear line.</summary>
    public ResolvedTrainConfig Resolve()
    {
        if (!IsFcnHermite)
        {
            ArchTraining.Resolve(this); // rejects invalid arch/task combinations with a clear message
            throw new ConfigException($"arch '{Arch}' with task '{Task}' runs through ArchTraining.Run, not Training.Run");
        }
        if (D <= 0) throw new ConfigException($"d must be positive (got {D})");
        if (P < 1) throw new ConfigException($"P must be at least 1 (got {P})");
        if (Loss is { } loss && !loss.Trim().Equals("mse", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException($"loss '{loss}' is not available for task hermite (use mse; ce needs task parity or modadd)");
        if (Depth < 2) throw new ConfigException($"depth must be at least 2 (got {Depth})");
        int hidden = Depth - 1;
        int[] widths;
        if (Widths is not null)
        {
            if (Widths.Length != hidden) throw new ConfigException($"widths has {Widths.Length} entries but depth {Depth} needs {hidden} (one per hidden layer)");
            widths = Widths;
        }
        else widths = Enumerable.Repeat(Width, hidden).ToArray();
        if (widths.Any(w => w <= 0)) throw new ConfigException($"hidden widths must be positive (got [{string.Join(", ", widths)}])");
        var act = Activations.Activation.Parse(Activation);
        var terms = Teacher.ParseTerms(Target);
        if (!(Kappa > 0) || !double.IsFinite(Kappa)) throw new ConfigException($"kappa must be positive (got {Kappa})");
        double[] sigma2;
        if (Sigma2Layers is not null)
        {
            if (Sigma2Layers.Length != Depth) throw new ConfigException($"sigma2_layers has {Sigma2Layers.Length} entries but depth {Depth} needs {Depth}");
            sigma2 = Sigma2Layers.ToArray();
        }
        else sigma2 = Enumerable.Repeat(Sigma2, Depth).ToArray();
        if (sigma2.Any(s => !(s > 0) || !double.IsFinite(s))) throw new ConfigException("sigma2 must be positive and finite");
        bool meanField = Parameterisation.Trim().ToLowerInvariant() switch
        {
            "standard" => false,
            "meanfield" or "mean-field" or "mf" => true,
            _ => throw new ConfigException($"unknown parameterisation '{Parameterisation}' (use standard or meanfield)"),
        };
        double chi = 1;
        if (meanField)
        {
            chi = Chi ?? widths[^1];
            if (!(chi > 0) || !double.IsFinite(chi)) throw new ConfigException($"chi must be positive (got {chi})");
        }
        var effSigma2 = sigma2.ToArray();
        effSigma2[^1] /= chi;
        if (Chains < 1) throw new ConfigException($"chains must be at least 1 (got {Chains})");
        if (TwoStart && Chains < 2) throw new ConfigException($"two_start needs at least 2 chains (got {Chains})");
        if (Steps < 1) throw new ConfigException($"steps must be at least 1 (got {Steps})");
        if (Burnin < 0) throw new ConfigException($"burnin must be ≥ 0 (got {Burnin})");
        if (Thin < 1) throw new ConfigException($"thin must be at least 1 (got {Thin})");
        if (MaxSteps is not null && RhatTarget is null)
            throw new ConfigException("max_steps bounds an extension: set rhat_target too (e.g. 1.05)");
        if (EssTarget is not null && RhatTarget is null)
            throw new ConfigException("ess_target is a goal of an extension: set rhat_target too (e.g. 1.05)");
        Extension?.Validate(Steps);
        if (Eta is { } eta && (!(eta > 0) || !double.IsFinite(eta))) throw new ConfigException($"eta must be positive (got {eta})");
        if (Threads < 0) throw new ConfigException($"threads must be ≥ 0 (0 = all cores; got {Threads})");
        (Sampler ?? throw new ConfigException("sampler must be an object like {\"name\": \"baoab\"}")).Validate();
        CheckEtaSampler(Eta, Sampler);
        bool single = Precision.Trim().ToLowerInvariant() switch
        {
            "float64" or "double" => false,
            "float32" or "single" or "float" => true,
            _ => throw new ConfigException($"unknown precision '{Precision}' (use float64 or float32)"),
        };
        if (TestPoints < 2) throw new ConfigException($"test_points must be at least 2 (got {TestPoints})");
        if (!(InputCovarianceExponent >= 0) || !double.IsFinite(InputCovarianceExponent)) throw new ConfigException($"input_covariance_exponent must be ≥ 0 (got {InputCovarianceExponent})");
        var freeze = (Freeze ?? []).Distinct().OrderBy(l => l).ToArray();
        foreach (int l in freeze)
            if (l < 1 || l > Depth) throw new ConfigException($"cannot freeze layer {l}: layers are 1..{Depth}");
        if (freeze.Length == Depth) throw new ConfigException("every layer is frozen: nothing to sample");
        if (HistogramBins < 1) throw new ConfigException($"histogram_bins must be at least 1 (got {HistogramBins})");
        if (PriorDraws < 2) throw new ConfigException($"prior_draws must be at least 2 (got {PriorDraws})");
        var arch = new FcnArchitecture(D, widths, act, effSigma2);
        return new ResolvedTrainConfig(this, arch, terms, Kappa / chi, chi, meanField, single, freeze.Select(l => l - 1).ToArray(),
            Threads > 0 ? Threads : Environment.ProcessorCount);
    }

    /// <summary>η is ULA's step: refused with another sampler (it would be ignored), in one line saying what to
    /// set.</summary>
    internal static void CheckEtaSampler(double? eta, Sampling.SamplerSettings? sampler)
    {
        if (eta is not null && sampler is not null && sampler.BaseName != "ula")
            throw new ConfigException(
                $"eta is the step of sampler 'ula', and this config's sampler is '{sampler.Name}' " +
                "(the default since version 0.2): set sampler to {\"name\": \"ula\"} to step with eta, or drop eta " +
                "(sampler.step / step_fraction set the step of the others)");
    }
}
