namespace FeatureScale.Activations;

/// <summary>σ(x) = x (deep linear network): E[uv] = c; a_1 = √q; g_1 = 1, every other g_m = 0.</summary>
[ActivationName("linear", "identity", "id")]
public sealed class LinearActivation : Activation
{
    public override string Name => "linear";
    public override double Value(double x) => x;
    public override double Derivative(double x) => 1;

    protected override void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (!dy.IsEmpty) dy[..x.Length].Fill(1.0);
        x.CopyTo(y);
    }

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        if (!dy.IsEmpty) dy[..x.Length].Fill(1f);
        x.CopyTo(y);
    }

    public override bool HasClosedForm => true;
    public override double Covariance(double q1, double q2, double c) => c;
    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c) { }

    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        if (maxDegree >= 1) a[1] = Math.Sqrt(q);
        return a;
    }

    public override bool UsesQuadrature => false;

    public override double DerivativeExpectation(int m, double s)
    {
        CheckVariance(s);
        return m == 1 ? 1 : 0;
    }

    public override double SecondMoment(double s) => s;
}
