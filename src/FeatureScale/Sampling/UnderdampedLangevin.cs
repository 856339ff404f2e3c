using System.Numerics.Tensors;
using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// Underdamped (kinetic) Langevin dynamics with the BAOAB splitting (Leimkuhler &amp; Matthews 2013), in prior-normalised
/// coordinates z_b = θ_b/√v_b with unit mass: U(z) = L(√v ⊙ z)/κ + ½‖z‖², momentum p ~ N(0, I), friction γ, step h.
/// One step: B p −= (h/2)∇U; A z += (h/2)p; O p ← e^{−γh} p + √(1 − e^{−2γh}) ξ; A z += (h/2)p; B p −= (h/2)∇U.
/// The gradient at the end of a step is kept for the next, so a step costs one gradient. Written in θ:
/// A is θ += (h/2)√v_b p and ∇_z U = √v_b ∂L/∂θ/κ + θ/√v_b. Its stationary law in θ is the posterior up to O(h²)
/// (exact for a Gaussian posterior at any stable h). Frozen blocks are neither moved nor given momentum.
/// </summary>
public sealed class UnderdampedLangevin<T> : IChainSampler<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IPosteriorModel<T> _model;
    private readonly bool[] _frozen;
    private readonly T[] _gradient, _momentum, _noise;
    private readonly T[] _gradKick, _posKick, _drift; // per block: −(h/2)√v/κ, −(h/2)/√v, (h/2)√v
    private readonly T _c1, _c2;
    private double _loss = double.NaN;
    private bool _ready;

    /// <summary>BAOAB for <paramref name="model"/> at temperature κ with step h (in z) and friction γ.</summary>
    public UnderdampedLangevin(IPosteriorModel<T> model, double h, double friction, double temperature, IEnumerable<int>? frozenBlocks = null)
    {
        if (!(h > 0) || !double.IsFinite(h)) throw new ConfigException($"step h must be positive (got {h})");
        if (!(friction > 0) || !double.IsFinite(friction)) throw new ConfigException($"friction must be positive (got {friction})");
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new ConfigException($"temperature κ must be positive (got {temperature})");
        _model = model; StepSize = h; Friction = friction;
        _frozen = FrozenMask.Of(model, frozenBlocks);
        int n = model.ParameterCount;
        _gradient = new T[n]; _momentum = new T[n]; _noise = new T[n];
        var blocks = model.Blocks;
        _gradKick = blocks.Select(b => T.CreateTruncating(-0.5 * h * Math.Sqrt(b.PriorVariance) / temperature)).ToArray();
        _posKick = blocks.Select(b => T.CreateTruncating(-0.5 * h / Math.Sqrt(b.PriorVariance))).ToArray();
        _drift = blocks.Select(b => T.CreateTruncating(0.5 * h * Math.Sqrt(b.PriorVariance))).ToArray();
        double c1 = Math.Exp(-friction * h);
        _c1 = T.CreateTruncating(c1);
        _c2 = T.CreateTruncating(Math.Sqrt(1 - c1 * c1));
    }

    /// <inheritdoc/>
    public string Name => "baoab";
    /// <inheritdoc/>
    public double StepSize { get; }
    /// <summary>Friction γ (per unit of z-time).</summary>
    public double Friction { get; }
    /// <inheritdoc/>
    public SamplerStatistics Statistics => SamplerStatistics.None;

    /// <summary>The momentum p (in z-coordinates).</summary>
    public ReadOnlySpan<T> Momentum => _momentum;

    /// <inheritdoc/>
    public void Init(ReadOnlySpan<T> theta, RandomStream noise)
    {
        var blocks = _model.Blocks;
        for (int b = 0; b < blocks.Count; b++)
            if (!_frozen[b]) Blas.FillGaussian(noise, _momentum.AsSpan(blocks[b].Offset, blocks[b].Length), 1.0);
        PositionChanged(theta);
    }

    /// <inheritdoc/>
    public void PositionChanged(ReadOnlySpan<T> theta)
    {
        _loss = _model.LossAndGradient(theta, _gradient, _frozen);
        _ready = true;
    }

    /// <inheritdoc/>
    public double Step(Span<T> theta, RandomStream noise)
    {
        if (!_ready) Init(theta, noise);
        double loss = _loss;
        var blocks = _model.Blocks;
        Kick(theta); Drift(theta);
        for (int b = 0; b < blocks.Count; b++)
        {
            if (_frozen[b]) continue;
            var p = _momentum.AsSpan(blocks[b].Offset, blocks[b].Length);
            var xi = _noise.AsSpan(blocks[b].Offset, blocks[b].Length);
            Blas.FillGaussian(noise, xi, 1.0);
            TensorPrimitives.Multiply(p, _c1, p);
            TensorPrimitives.MultiplyAdd(xi, _c2, p, p);
        }
        Drift(theta);
        PositionChanged(theta);
        Kick(theta);
        return loss;
    }

    /// <summary>B: p −= (h/2)∇_z U at θ with the cached gradient.</summary>
    private void Kick(ReadOnlySpan<T> theta)
    {
        var blocks = _model.Blocks;
        for (int b = 0; b < blocks.Count; b++)
        {
            if (_frozen[b]) continue;
            var blk = blocks[b];
            var p = _momentum.AsSpan(blk.Offset, blk.Length);
            TensorPrimitives.MultiplyAdd(_gradient.AsSpan(blk.Offset, blk.Length), _gradKick[b], p, p);
            TensorPrimitives.MultiplyAdd(theta.Slice(blk.Offset, blk.Length), _posKick[b], p, p);
        }
    }

    /// <summary>A: θ += (h/2)√v_b p.</summary>
    private void Drift(Span<T> theta)
    {
        var blocks = _model.Blocks;
        for (int b = 0; b < blocks.Count; b++)
        {
            if (_frozen[b]) continue;
            var blk = blocks[b];
            var th = theta.Slice(blk.Offset, blk.Length);
            TensorPrimitives.MultiplyAdd(_momentum.AsSpan(blk.Offset, blk.Length), _drift[b], th, th);
        }
    }
}
