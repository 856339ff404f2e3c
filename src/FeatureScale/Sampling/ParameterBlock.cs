namespace FeatureScale.Sampling;

/// <summary>
/// A contiguous block of parameters θ[Offset .. Offset+Length) with an isotropic Gaussian prior N(0, PriorVariance)
/// per entry (for a weight matrix W^l of Eq. 1: PriorVariance = σ_l²/N_{l−1}).
/// </summary>
public sealed record ParameterBlock(string Name, int Offset, int Length, double PriorVariance);
