using System.Numerics.Tensors;

namespace FeatureScale.Activations;

/// <summary>
/// σ(x) = x² (modular addition, arXiv 2310.03789 Eq. 5): E[u²v²] = q1q2 + 2c² (Isserlis); σ(√q z) = q h_0 + √2 q h_2;
/// g_0 = s, g_2 = 2, every other g_m = 0; E[σ²] = 3s².
/// </summary>
[ActivationName("square", "x^2", "x2", "x²")]
public sealed class SquareActivation : Activation
{
    public override string Name => "square";
    public override double Value(double x) => x * x;
    public override double Derivative(double x) => 2 * x;

    protected override void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (!dy.IsEmpty) TensorPrimitives.Multiply(x, 2.0, dy);      // 2x (before y overwrites an aliased x)
        TensorPrimitives.Multiply(x, x, y);
    }

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        if (!dy.IsEmpty) TensorPrimitives.Multiply(x, 2f, dy);
        TensorPrimitives.Multiply(x, x, y);
    }

    public override bool HasClosedForm => true;
    public override double Covariance(double q1, double q2, double c) => q1 * q2 + 2 * c * c;

    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        a[0] = q;
        if (maxDegree >= 2) a[2] = Math.Sqrt(2) * q;
        return a;
    }

    public override bool UsesQuadrature => false;

    public override double DerivativeExpectation(int m, double s)
    {
        CheckVariance(s);
        return m switch { 0 => s, 2 => 2, _ => 0 };
    }

    public override double SecondMoment(double s) => 3 * s * s;
}
