using System.Text.Json.Serialization;

namespace FeatureScale.Sampling;

/// <summary>
/// Which sampler a chain uses and its parameters (the <c>sampler</c> block of a train config; snake_case in JSON).
/// <see cref="Name"/> is a registered name (<see cref="SamplerCatalog.Names"/>), optionally with "+gibbs" for an exact
/// Gibbs draw of the read-out after every step. Step sizes are in prior-normalised coordinates z = θ/√v_b except for
/// "ula", which keeps the trainer's η.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SamplerSettings
{
    /// <summary>The sampler of a config that names none: BAOAB, which gave 65–190× ULA's effective samples of A_f
    /// per CPU-second at the Fig. 2 size (docs/samplers.md); up to version 0.1 a config without a sampler meant
    /// "ula".</summary>
    public const string DefaultName = "baoab";

    /// <summary>baoab (default), ula, precond or mala, optionally followed by +gibbs.</summary>
    public string Name { get; init; } = DefaultName;
    /// <summary>Step h in z; default <see cref="StepFraction"/> over λ_max(z) (baoab: over √λ_max(z)).</summary>
    public double? Step { get; init; }
    /// <summary>h·λ_max(z) for precond and mala (defaults 0.1 and 0.5), h·√λ_max(z) for baoab (default 1).</summary>
    public double? StepFraction { get; init; }
    /// <summary>BAOAB friction γ per unit of z-time.</summary>
    public double Friction { get; init; } = 1.0;

    /// <summary>Replica exchange: the number of replicas R on the ladder κ·kappa_ratio^r (null or 1: none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Replicas { get; init; }

    /// <summary>Replica exchange: ratio of neighbouring temperatures (default 2).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? KappaRatio { get; init; }

    /// <summary>Replica exchange: steps between swap rounds (default 10).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SwapEvery { get; init; }

    /// <summary>The number of replicas (1 without replica exchange).</summary>
    [JsonIgnore]
    public int ReplicaCount => Replicas ?? 1;

    /// <summary>The temperature ladder κ_r = κ·kappa_ratio^r of these settings at target κ.</summary>
    public double[] KappaLadder(double kappa) =>
        Enumerable.Range(0, ReplicaCount).Select(r => kappa * Math.Pow(KappaRatio ?? 2.0, r)).ToArray();

    /// <summary>The base name without "+gibbs", lower-case.</summary>
    [JsonIgnore]
    public string BaseName => Parse().Base;

    /// <summary>Whether the read-out Gibbs move is on.</summary>
    [JsonIgnore]
    public bool ReadoutGibbs => Parse().Gibbs;

    /// <summary>Checks the name and the parameters; throws <see cref="ConfigException"/> with one line.</summary>
    public SamplerSettings Validate()
    {
        var (name, _) = Parse();
        if (!SamplerCatalog.Names.Contains(name))
            throw new ConfigException($"unknown sampler '{Name}' (use {string.Join(", ", SamplerCatalog.Names)}, optionally with +gibbs)");
        if (Step is { } h && (!(h > 0) || !double.IsFinite(h))) throw new ConfigException($"sampler step must be positive (got {h})");
        if (StepFraction is { } f && (!(f > 0) || !double.IsFinite(f))) throw new ConfigException($"sampler step_fraction must be positive (got {f})");
        if (!(Friction > 0) || !double.IsFinite(Friction)) throw new ConfigException($"sampler friction must be positive (got {Friction})");
        if (Replicas is { } r && (r < 1 || r > 32)) throw new ConfigException($"sampler replicas must be in 1..32 (got {r})");
        if (KappaRatio is { } q && (!(q > 1) || !double.IsFinite(q)))
            throw new ConfigException($"sampler kappa_ratio must be > 1 (got {q})");
        if (SwapEvery is { } e && e < 1) throw new ConfigException($"sampler swap_every must be ≥ 1 (got {e})");
        if ((KappaRatio is not null || SwapEvery is not null) && ReplicaCount < 2)
            throw new ConfigException("sampler kappa_ratio and swap_every are for replica exchange: set replicas ≥ 2");
        if (name == "ula" && (Step is not null || StepFraction is not null))
            throw new ConfigException("sampler 'ula' takes its step from eta; step and step_fraction are for precond, mala and baoab");
        return this;
    }

    private (string Base, bool Gibbs) Parse()
    {
        string n = (Name ?? "").Trim().ToLowerInvariant();
        bool gibbs = n.EndsWith("+gibbs", StringComparison.Ordinal);
        return (gibbs ? n[..^"+gibbs".Length] : n, gibbs);
    }
}
