using System.Numerics;
using System.Runtime.CompilerServices;
using FeatureScale.Numerics;

namespace FeatureScale.Activations;

/// <summary>
/// σ = ReLU. Two-point function: the arc-cosine kernel (Cho &amp; Saul), (√(q1q2 − c²) + (π − θ) c)/(2π) with
/// θ = atan2(√(q1q2 − c²), c); exact Hermite coefficients; g_m in closed form.
/// </summary>
[ActivationName("relu")]
public sealed class ReluActivation : Activation
{
    public override string Name => "relu";
    public override double Value(double x) => x > 0 ? x : 0;
    public override double Derivative(double x) => x > 0 ? 1 : 0;

    protected override void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (!dy.IsEmpty) Elementwise.ReluDerivative(x, dy);
        Elementwise.Relu(x, y);
    }

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        if (!dy.IsEmpty) Elementwise.ReluDerivative(x, dy);
        Elementwise.Relu(x, y);
    }

    public override bool HasClosedForm => true;

    public override double Covariance(double q1, double q2, double c)
    {
        if (q1 <= 0 || q2 <= 0) return 0;
        double s = Math.Sqrt(VectorMath.Determinant(q1, q2, c));
        double theta = Math.Atan2(s, c);
        return (s + (Math.PI - theta) * c) / (2 * Math.PI);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        int n = c.Length, w = Vector<double>.Count, j = 0;
        if (qi <= 0) { c.Clear(); return; }
        var vqi = new Vector<double>(qi);
        var pi = new Vector<double>(Math.PI); var inv2pi = new Vector<double>(1 / (2 * Math.PI));
        for (; j <= n - w; j += w)
        {
            var vq = new Vector<double>(qj.Slice(j, w));
            var vc = new Vector<double>(c.Slice(j, w));
            var s = Vector.SquareRoot(VectorMath.Determinant(vqi, vq, vc));
            var theta = VectorMath.Atan2NonNegativeY(s, vc);
            var r = (s + (pi - theta) * vc) * inv2pi;
            r = Vector.ConditionalSelect(Vector.GreaterThan(vq, Vector<double>.Zero), r, Vector<double>.Zero);
            r.CopyTo(c.Slice(j, w));
        }
        for (; j < n; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }

    /// <summary>Exact: a_0 = √q/√(2π), a_1 = √q/2, a_n = √q φ(0) He_{n−2}(0)/√n! (n ≥ 2; zero for odd n).</summary>
    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        double s = Math.Sqrt(q), phi0 = 1 / Math.Sqrt(2 * Math.PI);
        a[0] = s * phi0;
        if (maxDegree >= 1) a[1] = s / 2;
        for (int n = 2; n <= maxDegree; n++) a[n] = s * phi0 * Hermite.Normalized(n - 2, 0) / Math.Sqrt(n * (n - 1.0));
        return a;
    }

    public override bool UsesQuadrature => false;

    /// <summary>E[relu] = √(s/2π), E[step] = ½, E[δ^{(k)}] = He_k(0) s^{−k/2}/√(2πs) for m = k + 2.</summary>
    public override double DerivativeExpectation(int m, double s)
    {
        CheckVariance(s);
        if (m == 0) return Math.Sqrt(s / (2 * Math.PI));
        if (m == 1) return 0.5;
        int k = m - 2;
        return Hermite.He(k, 0) * Math.Pow(s, -0.5 * k) / Math.Sqrt(2 * Math.PI * s);
    }

    public override double SecondMoment(double s) => s / 2;
}
