namespace FeatureScale.Kernels;

/// <summary>Result of <see cref="KernelPropagation.Run"/>.</summary>
/// <param name="ModeEigenvalue">Eigenvalue λ* (operator normalisation, matrix eigenvalue / P) of the boosted first-layer mode.</param>
/// <param name="Slope">Log-log slope of the RKHS norm vs D over [FitMin, FitMax] (expected −2).</param>
/// <param name="SlopeStdError">Standard error of that slope.</param>
/// <param name="QuadraticSlope">Same for ⟨Φ|K|Φ⟩⁻¹.</param>
/// <param name="SteepestSlope">Steepest log-log slope of the RKHS norm between consecutive D (the local D^−2 window).</param>
/// <param name="SteepestQuadraticSlope">Same for ⟨Φ|K|Φ⟩⁻¹.</param>
public sealed record PropagationResult(PropagationConfig Config, double ModeEigenvalue, IReadOnlyList<PropagationPoint> Points,
    double Slope, double SlopeStdError, double QuadraticSlope, double SteepestSlope, double SteepestQuadraticSlope,
    double WallSeconds)
{
    /// <summary>Log-log slope of ⟨Φ|K|Φ⟩⁻¹ without the ν = μ terms over [FitMin, FitMax] (NaN when an estimate is
    /// not positive).</summary>
    public double OffDiagonalQuadraticSlope { get; init; } = double.NaN;
}
