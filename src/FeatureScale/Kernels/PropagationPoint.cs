namespace FeatureScale.Kernels;

/// <summary>One boost D: the next layer's RKHS norm of Φ = Φ*^m (mean removed, unit norm) and ⟨Φ|K|Φ⟩⁻¹.</summary>
public sealed record PropagationPoint(double Boost, double RkhsNorm, double InverseQuadratic, int Rank)
{
    /// <summary>⟨Φ|K|Φ⟩⁻¹ from the estimator without the ν = μ terms of the data-centred kernel
    /// (<see cref="KernelPropagation.OffDiagonalQuadratic"/>); NaN or negative when noise exceeds the signal.</summary>
    public double InverseQuadraticOffDiagonal { get; init; } = double.NaN;

    /// <summary>Relative standard error of that estimate from the scatter over groups of second-layer neurons
    /// (<see cref="KernelPropagation.OffDiagonalRelativeError"/>; finite-N2 noise only).</summary>
    public double OffDiagonalRelativeError { get; init; } = double.NaN;
}
