namespace FeatureScale.Sampling;

/// <summary>
/// A model whose output is linear in one parameter block (the read-out a) under the squared loss:
/// f = H a + f_rest with H and f_rest functions of the other blocks, L = ½‖f − y‖². Given the other blocks the
/// read-out's posterior is Gaussian: precision Λ = HᵀH/κ + I/v_a, mean Λ⁻¹Hᵀ(y − f_rest)/κ.
/// </summary>
public interface IGaussianReadout<T> where T : unmanaged
{
    /// <summary>Index of the read-out block in <see cref="IPosteriorModel{T}.Blocks"/>.</summary>
    int ReadoutBlock { get; }

    /// <summary>
    /// Adds HᵀH (n×n, row-major, n the read-out's length) into <paramref name="gram"/> and Hᵀ(y − f_rest) into
    /// <paramref name="rhs"/> at θ (the read-out entries of θ are not used).
    /// </summary>
    void AddReadoutMoments(ReadOnlySpan<T> theta, Span<double> gram, Span<double> rhs);
}
