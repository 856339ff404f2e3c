using FeatureScale.Numerics;

namespace FeatureScale.Activations;

/// <summary>
/// The numerical two-point function E[σ(u)σ(v)] of an activation without a closed form. For |ρ| ≤
/// <see cref="MehlerMaxCorrelation"/> it is Mehler's series Σ_{n≤120} a_n(q1) a_n(q2) ρⁿ with 1-D Hermite
/// coefficients (200-node Gauss–Hermite, cached per variance), whose tail is below 0.8¹²⁰ ≈ 2e-12 of E[σ²]; closer
/// to ±1 an n×n Gauss–Hermite product rule is used.
/// </summary>
internal sealed class GaussianTwoPoint(Activation activation, int nodes)
{
    /// <summary>Largest |ρ| handled by the Mehler series.</summary>
    public const double MehlerMaxCorrelation = 0.8;

    /// <summary>Terms of the Mehler series.</summary>
    public const int MehlerTerms = 120;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, double[]> _coefficients = new();

    private double[] Coefficients(double q)
    {
        if (_coefficients.TryGetValue(q, out var a)) return a;
        if (_coefficients.Count > 200_000) _coefficients.Clear();
        return _coefficients[q] = Activation.CleanRoundOff(
            Hermite.Coefficients(activation.Value, MehlerTerms, q, GaussHermite.MaxNodes));
    }

    public double Covariance(double q1, double q2, double c)
    {
        double s = Math.Sqrt(q1 * q2);
        double rho = s > 0 ? c / s : 0;
        if (Math.Abs(rho) > MehlerMaxCorrelation) return activation.CovarianceByQuadrature(q1, q2, c, nodes);
        var a1 = Coefficients(q1); var a2 = q1 == q2 ? a1 : Coefficients(q2);
        double sum = 0, pw = 1;
        for (int n = 0; n <= MehlerTerms; n++)
        {
            sum += a1[n] * a2[n] * pw;
            pw *= rho;
            if (Math.Abs(pw) < 1e-18) break;
        }
        return sum;
    }
}
