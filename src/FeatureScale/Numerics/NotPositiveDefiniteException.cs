namespace FeatureScale.Numerics;

/// <summary>Thrown when a Cholesky factorisation meets a non-positive pivot.</summary>
public sealed class NotPositiveDefiniteException(int order)
    : InvalidOperationException($"matrix is not positive definite (leading minor of order {order} is not positive)")
{
    /// <summary>The order of the first leading minor that is not positive.</summary>
    public int Order { get; } = order;
}
