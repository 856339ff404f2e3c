namespace FeatureScale.Sampling;

/// <summary>
/// What the Langevin sampler needs from a model: a flat parameter vector split into prior blocks, and the
/// data term of the action on the training set with its gradient. The posterior sampled is Eq. 2,
/// π(θ) ∝ exp(−L(θ)/κ) Π_b N(θ_b; 0, v_b), with L = ½ Σ_ν (f(x_ν) − y_ν)² for regression.
/// Implementations own their scratch buffers: use one instance per chain (they are not thread-safe).
/// </summary>
public interface IPosteriorModel<T> where T : unmanaged
{
    /// <summary>Total number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>The prior blocks, in order, covering θ exactly.</summary>
    IReadOnlyList<ParameterBlock> Blocks { get; }

    /// <summary>
    /// The data term L(θ) on the training set; writes ∂L/∂θ into <paramref name="gradient"/>. Entries of blocks
    /// marked in <paramref name="skipBlocks"/> (frozen) may be left unwritten.
    /// </summary>
    double LossAndGradient(ReadOnlySpan<T> theta, Span<T> gradient, ReadOnlySpan<bool> skipBlocks = default);

    /// <summary>The data term alone.</summary>
    double Loss(ReadOnlySpan<T> theta);
}
