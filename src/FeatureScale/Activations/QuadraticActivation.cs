using System.Numerics.Tensors;

namespace FeatureScale.Activations;

/// <summary>
/// σ(x) = 1 + x + x² (Fig. 6): E[σ(u)σ(v)] = 1 + q1 + q2 + c + q1q2 + 2c²; σ(√q z) = (1 + q) h_0 + √q h_1 + √2 q h_2;
/// g_0 = 1 + s, g_1 = 1, g_2 = 2, g_{m≥3} = 0; E[σ²] = 1 + 3s + 3s².
/// </summary>
[ActivationName("quadratic", "quad", "1+x+x^2", "1+x+x2", "1+x+x²")]
public sealed class QuadraticActivation : Activation
{
    public override string Name => "quadratic";
    public override double Value(double x) => 1 + x + x * x;
    public override double Derivative(double x) => 1 + 2 * x;

    protected override void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (!dy.IsEmpty) { TensorPrimitives.Multiply(x, 2.0, dy); TensorPrimitives.Add(dy[..x.Length], 1.0, dy); } // 1 + 2x
        TensorPrimitives.MultiplyAdd(x, x, x, y);            // x² + x (before y overwrites an aliased x)
        TensorPrimitives.Add(y[..x.Length], 1.0, y);
    }

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        if (!dy.IsEmpty) { TensorPrimitives.Multiply(x, 2f, dy); TensorPrimitives.Add(dy[..x.Length], 1f, dy); }
        TensorPrimitives.MultiplyAdd(x, x, x, y);
        TensorPrimitives.Add(y[..x.Length], 1f, y);
    }

    public override bool HasClosedForm => true;
    public override double Covariance(double q1, double q2, double c) => 1 + q1 + q2 + c + q1 * q2 + 2 * c * c;

    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        a[0] = 1 + q;
        if (maxDegree >= 1) a[1] = Math.Sqrt(q);
        if (maxDegree >= 2) a[2] = Math.Sqrt(2) * q;
        return a;
    }

    public override bool UsesQuadrature => false;

    public override double DerivativeExpectation(int m, double s)
    {
        CheckVariance(s);
        return m switch { 0 => 1 + s, 1 => 1, 2 => 2, _ => 0 };
    }

    public override double SecondMoment(double s) => 1 + 3 * s + 3 * s * s;
}
