namespace FeatureScale.Sampling;

/// <summary>
/// The sampler of a run as recorded in its summary: name, step (η for ula, h in z otherwise), λ_max(z) where it set
/// the step, friction (baoab), and the Metropolis acceptance rate over all chains (NaN when unadjusted).
/// </summary>
public sealed record SamplerReport(string Name, double Step, double NormalisedCurvature, double Friction, double AcceptanceRate);
