namespace FeatureScale.Theory;

/// <summary>Result of the two-layer LDT at one (d, N).</summary>
/// <param name="TStar">Saddle point t* of Eq. 37 (generalised).</param>
/// <param name="SaddleResidual">|t* − α/(σ₂² ⟨c²⟩_{t*})|/t*, the relative residual of the t* equation.</param>
/// <param name="Energy">E(α) = t*α − N log E_β[e^{σ₂² t*² c(β)²/(2N)}] (Eq. 40 without 2κ).</param>
/// <param name="K">NNGP k = σ₂² E[σ(σ₁z)²] + ⟨y,y⟩ (Eq. 21 for large d).</param>
/// <param name="PStar">P* = 2κE(α)/k (Eq. 26).</param>
/// <param name="LogMgf">log E_β[…] per neuron at t*.</param>
/// <param name="SpecialisedFraction">Tilted probability that |β| exceeds 3σ₁/√d (the paper's outlier rule), per neuron.</param>
public sealed record LdtResult(double TStar, double SaddleResidual, double Energy, double K, double PStar, double LogMgf, double SpecialisedFraction);
