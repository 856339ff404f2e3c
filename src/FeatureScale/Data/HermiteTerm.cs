using System.Globalization;
using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>One term c·P_m(w*·x) of a single-index Hermite teacher.</summary>
/// <param name="Degree">m ≥ 0.</param>
/// <param name="Normalization">h_m = He_m/√(m!) (unit norm under N(0,1), "h3"), He_m/m! (the constant behind the
/// paper's Eq. 35, "he3") or the raw He_m ("He3").</param>
/// <param name="Coefficient">c.</param>
public sealed record HermiteTerm(int Degree, HermiteNormalization Normalization, double Coefficient = 1.0)
{
    /// <summary>True for h_m = He_m/√(m!).</summary>
    public bool UnitNorm => Normalization == HermiteNormalization.UnitNorm;

    /// <summary>The normalisation's divisor of He_m: √(m!), m! or 1.</summary>
    public double Divisor => Normalization switch
    {
        HermiteNormalization.UnitNorm => Math.Sqrt(Hermite.Factorial(Degree)),
        HermiteNormalization.Factorial => Hermite.Factorial(Degree),
        _ => 1.0,
    };

    /// <summary>c·P_m(z).</summary>
    public double Evaluate(double z) =>
        Coefficient * Normalization switch
        {
            HermiteNormalization.UnitNorm => Hermite.Normalized(Degree, z),
            HermiteNormalization.Factorial => Hermite.He(Degree, z) / Hermite.Factorial(Degree),
            _ => Hermite.He(Degree, z),
        };

    /// <summary>"h3", "he3", "0.5*h1".</summary>
    public override string ToString() =>
        (Coefficient == 1.0 ? "" : Coefficient.ToString("R", CultureInfo.InvariantCulture) + "*") + Normalization switch
        {
            HermiteNormalization.UnitNorm => "h", HermiteNormalization.Factorial => "he", _ => "He",
        } + Degree.ToString(CultureInfo.InvariantCulture);
}
