namespace FeatureScale.Kernels;

/// <summary>One boost D: the next layer's RKHS norm of Φ = Φ*² (mean removed, unit norm) and ⟨Φ|K|Φ⟩⁻¹.</summary>
public sealed record PropagationPoint(double Boost, double RkhsNorm, double InverseQuadratic, int Rank);
