using FeatureScale.Numerics;

namespace FeatureScale.Activations;

/// <summary>σ = tanh: vectorised value and derivative; no closed-form Gaussian integrals, so the two-point
/// function, Hermite coefficients and g_m come from the numerical defaults of <see cref="Activation"/>.</summary>
[ActivationName("tanh")]
public sealed class TanhActivation : Activation
{
    public override string Name => "tanh";
    public override double Value(double x) => Math.Tanh(x);
    public override double Derivative(double x) { double t = Math.Tanh(x); return 1 - t * t; }

    protected override void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        Elementwise.Tanh(x, y);
        if (!dy.IsEmpty) Elementwise.TanhDerivativeFromValue(y[..x.Length], dy);
    }

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        Elementwise.Tanh(x, y);
        if (!dy.IsEmpty) Elementwise.TanhDerivativeFromValue(y[..x.Length], dy);
    }
}
