namespace FeatureScale.Sampling;

/// <summary>
/// The sampler of a run as recorded in its summary: name, step (η for ula, h in z otherwise), λ_max(z) where it set
/// the step, friction (baoab), and the Metropolis acceptance rate over all chains (NaN when unadjusted).
/// </summary>
public sealed record SamplerReport(string Name, double Step, double NormalisedCurvature, double Friction, double AcceptanceRate)
{
    /// <summary>Replica exchange: the κ ladder (null without replicas).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition =
        System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? KappaLadder { get; init; }

    /// <summary>Replica exchange: the swap acceptance rate between replicas r and r + 1, over all chains.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition =
        System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? SwapAcceptance { get; init; }
}
