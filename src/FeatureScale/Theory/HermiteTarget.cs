using FeatureScale.Numerics;

namespace FeatureScale.Theory;

/// <summary>
/// Normalisation of the single-index Hermite target y(x) = c_m He_m(w_*·x), |w_*| = 1, He_m the probabilists'
/// Hermite polynomial.
/// </summary>
public enum HermiteNormalization
{
    /// <summary>c_m = 1: y = He_m (⟨y,y⟩ = m!).</summary>
    Raw,
    /// <summary>c_m = 1/√(m!): y = h_m = He_m/√(m!), unit norm (⟨y,y⟩ = 1). Target names "h3", "h5", ….</summary>
    UnitNorm,
    /// <summary>c_m = 1/m!: y = He_m/m!, the normalisation behind the paper's constant 4/(9π) in Eq. 35
    /// (App. B.3 "normalized" Ĥe_3; ⟨y,y⟩ = 1/m!). Target names "he3", "he5", ….</summary>
    Factorial,
}

/// <summary>A single-index Hermite target of degree m with a stated normalisation.</summary>
public sealed record HermiteTarget(int Degree, HermiteNormalization Normalization)
{
    /// <summary>The prefactor c_m in y = c_m He_m(w_*·x).</summary>
    public double Prefactor => Normalization switch
    {
        HermiteNormalization.Raw => 1.0,
        HermiteNormalization.UnitNorm => 1.0 / Math.Sqrt(Hermite.Factorial(Degree)),
        _ => 1.0 / Hermite.Factorial(Degree),
    };

    /// <summary>⟨y, y⟩ under x ~ N(0, I_d): c_m² m!.</summary>
    public double SquaredNorm => Prefactor * Prefactor * Hermite.Factorial(Degree);

    /// <summary>y as a function of the projection z = w_*·x.</summary>
    public double Value(double z) => Prefactor * Hermite.He(Degree, z);

    /// <summary>
    /// Parses "he3" (He_3/3!, the paper's App. B.3 convention), "h3" (He_3/√3!, unit norm) or "He3" (raw He_3).
    /// </summary>
    public static HermiteTarget Parse(string name)
    {
        string s = name.Trim();
        HermiteNormalization norm;
        string digits;
        if (s.StartsWith("He", StringComparison.Ordinal)) { norm = HermiteNormalization.Raw; digits = s[2..]; }
        else if (s.StartsWith("he", StringComparison.Ordinal)) { norm = HermiteNormalization.Factorial; digits = s[2..]; }
        else if (s.StartsWith('h')) { norm = HermiteNormalization.UnitNorm; digits = s[1..]; }
        else throw new ConfigException($"unknown target '{name}': use he<m> (He_m/m!, the paper's App. B.3), h<m> (He_m/√m!, unit norm) or He<m> (raw)");
        if (!int.TryParse(digits, out int m) || m < 1 || m > 12)
            throw new ConfigException($"target '{name}': the Hermite degree must be an integer in 1..12");
        return new HermiteTarget(m, norm);
    }

    /// <summary>Name in the form accepted by <see cref="Parse"/>.</summary>
    public override string ToString() => Normalization switch
    {
        HermiteNormalization.Raw => $"He{Degree}",
        HermiteNormalization.UnitNorm => $"h{Degree}",
        _ => $"he{Degree}",
    };
}
