namespace FeatureScale.Kernels;

/// <summary>One boost D of the idealised curve (<see cref="PropagationTheory"/>; N1, N2, P → ∞).</summary>
/// <param name="Boost">The boost D.</param>
/// <param name="InverseQuadratic">⟨Φ|K|Φ⟩⁻¹ of the next layer's kernel.</param>
/// <param name="RkhsNorm">⟨Φ|K⁻¹|Φ⟩ (2×2 Galerkin value on span{|x|² − d, Φ}).</param>
public sealed record PropagationTheoryPoint(double Boost, double InverseQuadratic, double RkhsNorm);
