using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// Metropolis-adjusted Langevin (MALA; Roberts &amp; Tweedie 1996): the preconditioned Langevin proposal
/// θ' = θ − η_b ∇U(θ) + √(2η_b κ) ξ with η_b = h·v_b/κ (one step h in z = θ/√v_b), accepted with probability
/// min(1, π(θ')q(θ|θ')/(π(θ)q(θ'|θ))), log π = −L/κ − Σ_b ‖θ_b‖²/(2v_b). Its stationary law is the posterior exactly,
/// at any h; too large an h shows as a low <see cref="SamplerStatistics.AcceptanceRate"/>. The loss and gradient at
/// the current θ are cached, so a step costs one gradient. The ratio is accumulated in double precision.
/// </summary>
public sealed class MetropolisLangevin<T> : IChainSampler<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IPosteriorModel<T> _model;
    private readonly bool[] _frozen;
    private readonly double[] _eta, _invV;
    private readonly double _kappa;
    private readonly T[] _gradient, _proposal, _proposalGradient, _noise;
    private double _loss = double.NaN;
    private bool _ready;
    private long _proposals, _accepted;

    /// <summary>MALA for <paramref name="model"/> at temperature κ with step h in prior-normalised coordinates.</summary>
    public MetropolisLangevin(IPosteriorModel<T> model, double h, double temperature, IEnumerable<int>? frozenBlocks = null)
    {
        if (!(h > 0) || !double.IsFinite(h)) throw new ConfigException($"step h must be positive (got {h})");
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new ConfigException($"temperature κ must be positive (got {temperature})");
        _model = model; StepSize = h; _kappa = temperature;
        _frozen = FrozenMask.Of(model, frozenBlocks);
        _eta = model.Blocks.Select(b => h * b.PriorVariance / temperature).ToArray();
        _invV = model.Blocks.Select(b => 1 / b.PriorVariance).ToArray();
        int n = model.ParameterCount;
        _gradient = new T[n]; _proposal = new T[n]; _proposalGradient = new T[n]; _noise = new T[n];
    }

    /// <inheritdoc/>
    public string Name => "mala";
    /// <inheritdoc/>
    public double StepSize { get; }
    /// <inheritdoc/>
    public SamplerStatistics Statistics => new(_proposals, _accepted);

    /// <inheritdoc/>
    public void Init(ReadOnlySpan<T> theta, RandomStream noise) => PositionChanged(theta);

    /// <inheritdoc/>
    public void PositionChanged(ReadOnlySpan<T> theta)
    {
        _loss = _model.LossAndGradient(theta, _gradient, _frozen);
        _ready = true;
    }

    /// <inheritdoc/>
    public double Step(Span<T> theta, RandomStream noise)
    {
        if (!_ready) PositionChanged(theta);
        double loss = _loss;
        var blocks = _model.Blocks;
        theta.CopyTo(_proposal);
        double logRatio = 0; // log π(θ') − log π(θ) + log q(θ|θ') − log q(θ'|θ), prior and proposal parts
        for (int b = 0; b < blocks.Count; b++)
        {
            if (_frozen[b]) continue;
            var blk = blocks[b];
            var xi = _noise.AsSpan(blk.Offset, blk.Length);
            Blas.FillGaussian(noise, xi, 1.0);
            double eta = _eta[b], scale = Math.Sqrt(2 * eta * _kappa);
            for (int i = blk.Offset; i < blk.Offset + blk.Length; i++)
            {
                double th = double.CreateTruncating(theta[i]);
                double grad = double.CreateTruncating(_gradient[i]) + _kappa * _invV[b] * th;
                _proposal[i] = T.CreateTruncating(th - eta * grad + scale * double.CreateTruncating(_noise[i]));
            }
        }
        double lossNew = _model.LossAndGradient(_proposal, _proposalGradient, _frozen);
        _proposals++;
        bool accept = false;
        if (double.IsFinite(lossNew))
        {
            logRatio = -(lossNew - loss) / _kappa;
            for (int b = 0; b < blocks.Count; b++)
            {
                if (_frozen[b]) continue;
                var blk = blocks[b];
                double eta = _eta[b], prior = _invV[b], fwd = 0, bwd = 0, priorDiff = 0;
                for (int i = blk.Offset; i < blk.Offset + blk.Length; i++)
                {
                    double x = double.CreateTruncating(theta[i]), y = double.CreateTruncating(_proposal[i]);
                    double gx = double.CreateTruncating(_gradient[i]) + _kappa * prior * x;
                    double gy = double.CreateTruncating(_proposalGradient[i]) + _kappa * prior * y;
                    double f = y - x + eta * gx, r = x - y + eta * gy;
                    fwd += f * f; bwd += r * r;
                    priorDiff += y * y - x * x;
                }
                logRatio += -0.5 * prior * priorDiff - (bwd - fwd) / (4 * eta * _kappa);
            }
            accept = Math.Log(noise.NextDouble()) < logRatio;
        }
        else noise.NextDouble(); // keep the stream's position independent of the outcome
        if (accept)
        {
            _accepted++;
            _proposal.CopyTo(theta);
            _proposalGradient.CopyTo(_gradient, 0);
            _loss = lossNew;
        }
        return loss;
    }
}
