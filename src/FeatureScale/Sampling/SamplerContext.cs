namespace FeatureScale.Sampling;

/// <summary>What a sampler factory is given: the chain's model, temperature, frozen blocks and step-size scales.</summary>
/// <param name="Eta">The trainer's step η in θ-space (used by "ula").</param>
/// <param name="NormalisedCurvature">λ_max of the action in z = θ/√v_b (≥ 1), computed once per run by the trainer.</param>
public sealed record SamplerContext<T>(IPosteriorModel<T> Model, double Kappa, int[] FrozenBlocks, double Eta,
    double NormalisedCurvature, SamplerSettings Settings, int UpdateThreads = 1) where T : unmanaged;
