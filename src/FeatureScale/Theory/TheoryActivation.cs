using FeatureScale.Numerics;

namespace FeatureScale.Theory;

/// <summary>
/// An activation σ as the theory needs it: its value, the Gaussian expectation of its m-th derivative
/// g_m(s) = E_{t~N(0,s)}[σ^{(m)}(t)] (App. B.3), and the NNGP diagonal E[σ(√s z)²].
/// erf and ReLU have closed forms; any other activation (tanh, or erf/ReLU with <c>quadrature: true</c>) uses
/// Gaussian integration by parts, g_m(s) = s^{−m/2} E_z[σ(√s z) He_m(z)], by adaptive quadrature.
/// </summary>
public sealed class TheoryActivation
{
    private readonly Func<double, double> _f;
    private readonly bool _quadrature;

    private TheoryActivation(string name, Func<double, double> f, bool quadrature)
    {
        Name = name; _f = f; _quadrature = quadrature;
    }

    /// <summary>"erf", "relu" or "tanh".</summary>
    public string Name { get; }

    /// <summary>True when g_m is computed by quadrature rather than a closed form.</summary>
    public bool UsesQuadrature => _quadrature || Name == "tanh";

    /// <summary>σ(x).</summary>
    public double Value(double x) => _f(x);

    /// <summary>Builds erf, relu or tanh; <paramref name="quadrature"/> forces the quadrature path (for cross-checks).</summary>
    public static TheoryActivation Create(string name, bool quadrature = false) => name.Trim().ToLowerInvariant() switch
    {
        "erf" => new TheoryActivation("erf", Elementwise.ErfScalar, quadrature),
        "relu" => new TheoryActivation("relu", x => Math.Max(0, x), quadrature),
        "tanh" => new TheoryActivation("tanh", Math.Tanh, true),
        _ => throw new ConfigException($"unknown activation '{name}': use erf, relu or tanh"),
    };

    /// <summary>g_m(s) = E_{t~N(0,s)}[σ^{(m)}(t)], s &gt; 0.</summary>
    public double DerivativeExpectation(int m, double s)
    {
        if (s <= 0) throw new ArgumentOutOfRangeException(nameof(s), "variance must be positive");
        if (!UsesQuadrature)
        {
            if (Name == "erf")
            {
                // erf^{(m)} = (2/√π) d^{m−1}e^{−x²}; E over N(0,s) by Fourier: zero for even m, else
                // (1/π)(−1)^j Γ(j+½) (4/(1+2s))^{j+½}, j = (m−1)/2.
                if (m == 0) return GaussHermite.Expectation(z => Elementwise.ErfScalar(Math.Sqrt(s) * z), 120);
                if (m % 2 == 0) return 0;
                int j = (m - 1) / 2;
                double gamma = Math.Sqrt(Math.PI) * DoubleFactorialOdd(j) / Math.Pow(2, j); // Γ(j+½)
                return (j % 2 == 0 ? 1 : -1) * gamma * Math.Pow(4 / (1 + 2 * s), j + 0.5) / Math.PI;
            }
            // ReLU: E[relu] = √(s/2π), E[step] = ½, E[δ^{(k)}] = He_k(0) s^{−k/2}/√(2πs) for m = k + 2.
            if (m == 0) return Math.Sqrt(s / (2 * Math.PI));
            if (m == 1) return 0.5;
            int k = m - 2;
            return Hermite.He(k, 0) * Math.Pow(s, -0.5 * k) / Math.Sqrt(2 * Math.PI * s);
        }
        double sq = Math.Sqrt(s);
        double integrand(double z) => _f(sq * z) * Hermite.He(m, z) * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        // Split at 0 so kinks (ReLU) sit on a panel boundary.
        double e = Quadrature.Integrate(integrand, double.NegativeInfinity, 0, 1e-13, 1e-11).Value
                 + Quadrature.Integrate(integrand, 0, double.PositiveInfinity, 1e-13, 1e-11).Value;
        return e * Math.Pow(s, -0.5 * m);
    }

    /// <summary>E_z[σ(√s z)²], the NNGP diagonal of a lazy two-layer net with unit read-out variance.</summary>
    public double SecondMoment(double s)
    {
        double sq = Math.Sqrt(s);
        if (!UsesQuadrature && Name == "erf") return 2 / Math.PI * Math.Asin(2 * s / (1 + 2 * s));
        if (!UsesQuadrature && Name == "relu") return s / 2;
        double integrand(double z) { double v = _f(sq * z); return v * v * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI); }
        return Quadrature.Integrate(integrand, double.NegativeInfinity, 0, 1e-14, 1e-12).Value
             + Quadrature.Integrate(integrand, 0, double.PositiveInfinity, 1e-14, 1e-12).Value;
    }

    private static double DoubleFactorialOdd(int j)
    {
        double p = 1; // (2j−1)!!
        for (int i = 1; i <= 2 * j - 1; i += 2) p *= i;
        return p;
    }
}
