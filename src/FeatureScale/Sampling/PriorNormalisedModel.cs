using System.Numerics.Tensors;

namespace FeatureScale.Sampling;

/// <summary>
/// A model seen in prior-normalised coordinates z_b = θ_b/√v_b at temperature 1: data term L(√v ⊙ z)/κ, prior N(0, I).
/// Its curvature λ_max(z) = max eig(diag(√v)∇²L diag(√v))/κ + 1 sets the step of the samplers that work in z.
/// </summary>
public sealed class PriorNormalisedModel : IPosteriorModel<double>
{
    private readonly IPosteriorModel<double> _inner;
    private readonly ParameterBlock[] _blocks;
    private readonly double _kappa;
    private readonly double[] _theta;

    /// <summary>Wraps <paramref name="inner"/> at temperature κ.</summary>
    public PriorNormalisedModel(IPosteriorModel<double> inner, double kappa)
    {
        _inner = inner; _kappa = kappa;
        _blocks = inner.Blocks.Select(b => b with { PriorVariance = 1.0 }).ToArray();
        _theta = new double[inner.ParameterCount];
    }

    /// <inheritdoc/>
    public int ParameterCount => _inner.ParameterCount;
    /// <inheritdoc/>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>z = θ/√v_b, block by block.</summary>
    public static void ToNormalised(IReadOnlyList<ParameterBlock> blocks, ReadOnlySpan<double> theta, Span<double> z)
    {
        foreach (var b in blocks)
            TensorPrimitives.Multiply(theta.Slice(b.Offset, b.Length), 1 / Math.Sqrt(b.PriorVariance), z.Slice(b.Offset, b.Length));
    }

    /// <inheritdoc/>
    public double LossAndGradient(ReadOnlySpan<double> z, Span<double> gradient, ReadOnlySpan<bool> skipBlocks = default)
    {
        Scale(z, _theta, +1);
        double loss = _inner.LossAndGradient(_theta, gradient, skipBlocks) / _kappa;
        foreach (var b in _inner.Blocks)
            TensorPrimitives.Multiply(gradient.Slice(b.Offset, b.Length), Math.Sqrt(b.PriorVariance) / _kappa, gradient.Slice(b.Offset, b.Length));
        return loss;
    }

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<double> z)
    {
        Scale(z, _theta, +1);
        return _inner.Loss(_theta) / _kappa;
    }

    private void Scale(ReadOnlySpan<double> from, Span<double> to, int sign)
    {
        foreach (var b in _inner.Blocks)
        {
            double s = sign > 0 ? Math.Sqrt(b.PriorVariance) : 1 / Math.Sqrt(b.PriorVariance);
            TensorPrimitives.Multiply(from.Slice(b.Offset, b.Length), s, to.Slice(b.Offset, b.Length));
        }
    }
}
