using System.Numerics;
using System.Runtime.CompilerServices;
using FeatureScale.Numerics;

namespace FeatureScale.Activations;

/// <summary>
/// σ = erf (the paper's main experiments). Two-point function (2/π) arcsin(2c/√((1+2q1)(1+2q2))), evaluated in the
/// stable form (2/π) atan(2c / √(1 + 2q1 + 2q2 + 4(q1q2 − c²))), which keeps full accuracy as the correlation → ±1;
/// g_m in closed form by Fourier (App. B.3).
/// </summary>
[ActivationName("erf")]
public sealed class ErfActivation : Activation
{
    public override string Name => "erf";
    public override double Value(double x) => Elementwise.ErfScalar(x);
    public override double Derivative(double x) => 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);

    protected override void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (dy.IsEmpty) Elementwise.Erf(x, y); else Elementwise.ErfWithDerivative(x, y, dy);
    }

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy) => ErfSingle.Apply(x, y, dy);

    public override bool HasClosedForm => true;

    public override double Covariance(double q1, double q2, double c)
    {
        double det = VectorMath.Determinant(q1, q2, c);
        return 2 / Math.PI * Math.Atan(2 * c / Math.Sqrt(1 + 2 * (q1 + q2) + 4 * det));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        int n = c.Length, w = Vector<double>.Count, j = 0;
        var vqi = new Vector<double>(qi);
        var one = Vector<double>.One; var two = new Vector<double>(2.0); var four = new Vector<double>(4.0);
        var scale = new Vector<double>(2 / Math.PI);
        for (; j <= n - w; j += w)
        {
            var vq = new Vector<double>(qj.Slice(j, w));
            var vc = new Vector<double>(c.Slice(j, w));
            var det = VectorMath.Determinant(vqi, vq, vc);
            var den = Vector.SquareRoot(one + two * (vqi + vq) + four * det);
            (scale * VectorMath.Atan(two * vc / den)).CopyTo(c.Slice(j, w));
        }
        for (; j < n; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }

    public override bool UsesQuadrature => false;

    /// <summary>erf^{(m)} = (2/√π) d^{m−1}e^{−x²}; over N(0,s) zero for even m ≥ 2, else
    /// (1/π)(−1)^j Γ(j+½) (4/(1+2s))^{j+½}, j = (m−1)/2.</summary>
    public override double DerivativeExpectation(int m, double s)
    {
        CheckVariance(s);
        if (m == 0) return GaussHermite.Expectation(z => Elementwise.ErfScalar(Math.Sqrt(s) * z), 120);
        if (m % 2 == 0) return 0;
        int j = (m - 1) / 2;
        double oddFactorial = 1; // (2j−1)!!
        for (int i = 1; i <= 2 * j - 1; i += 2) oddFactorial *= i;
        double gamma = Math.Sqrt(Math.PI) * oddFactorial / Math.Pow(2, j); // Γ(j+½)
        return (j % 2 == 0 ? 1 : -1) * gamma * Math.Pow(4 / (1 + 2 * s), j + 0.5) / Math.PI;
    }

    public override double SecondMoment(double s) => 2 / Math.PI * Math.Asin(2 * s / (1 + 2 * s));
}
