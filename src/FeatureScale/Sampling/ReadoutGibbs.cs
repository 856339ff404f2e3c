using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// An exact Gibbs draw of the read-out block from its Gaussian conditional (see <see cref="IGaussianReadout{T}"/>)
/// after every step of an inner sampler: a = μ + L⁻ᵀξ with Λ = LLᵀ, computed as a = Λ⁻¹(Hᵀ(y − f_rest)/κ + Lξ).
/// The draw leaves the posterior invariant, so the combination has the inner sampler's stationary law (exact for
/// MALA); it decorrelates the read-out, the slowest direction near the transition, in one move.
/// </summary>
public sealed class ReadoutGibbs<T> : IChainSampler<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IChainSampler<T> _inner;
    private readonly IGaussianReadout<T> _readout;
    private readonly ParameterBlock _block;
    private readonly double _kappa;
    private readonly double[] _gram, _rhs, _xi;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="model"/> must expose its read-out (an FCN under MSE).</summary>
    public ReadoutGibbs(IChainSampler<T> inner, IPosteriorModel<T> model, double temperature, IEnumerable<int>? frozenBlocks = null)
    {
        _readout = model as IGaussianReadout<T> ?? throw new ConfigException(
            "the read-out Gibbs move needs a model whose read-out is linear-Gaussian (the FCN under MSE loss)");
        _inner = inner; _kappa = temperature;
        _block = model.Blocks[_readout.ReadoutBlock];
        if ((frozenBlocks ?? []).Contains(_readout.ReadoutBlock))
            throw new ConfigException("the read-out Gibbs move cannot be used with a frozen read-out layer");
        int n = _block.Length;
        _gram = new double[n * n]; _rhs = new double[n]; _xi = new double[n];
    }

    /// <inheritdoc/>
    public string Name => _inner.Name + "+gibbs";
    /// <inheritdoc/>
    public double StepSize => _inner.StepSize;
    /// <inheritdoc/>
    public SamplerStatistics Statistics => _inner.Statistics;

    /// <inheritdoc/>
    public void Init(ReadOnlySpan<T> theta, RandomStream noise) => _inner.Init(theta, noise);

    /// <inheritdoc/>
    public void PositionChanged(ReadOnlySpan<T> theta) => _inner.PositionChanged(theta);

    /// <inheritdoc/>
    public double Step(Span<T> theta, RandomStream noise)
    {
        double loss = _inner.Step(theta, noise);
        Draw(theta, noise);
        _inner.PositionChanged(theta);
        return loss;
    }

    /// <summary>Replaces the read-out in θ by a draw from its conditional posterior given the other blocks.</summary>
    public void Draw(Span<T> theta, RandomStream noise)
    {
        int n = _block.Length;
        Array.Clear(_gram); Array.Clear(_rhs);
        _readout.AddReadoutMoments(theta, _gram, _rhs);
        double invV = 1 / _block.PriorVariance;
        for (int i = 0; i < n * n; i++) _gram[i] /= _kappa;
        for (int i = 0; i < n; i++) { _gram[i * n + i] += invV; _rhs[i] /= _kappa; }
        var la = LinearAlgebra.Provider;
        la.CholeskyFactor(_gram, n);               // lower triangle: L, row-major
        noise.FillGaussian(_xi);
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j <= i; j++) s += _gram[i * n + j] * _xi[j];
            _rhs[i] += s;                          // Hᵀ(y − f_rest)/κ + Lξ
        }
        la.CholeskySolve(_gram, n, _rhs, 1);
        var a = theta.Slice(_block.Offset, n);
        for (int i = 0; i < n; i++) a[i] = T.CreateTruncating(_rhs[i]);
    }
}
