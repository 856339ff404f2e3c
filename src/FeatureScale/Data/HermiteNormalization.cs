namespace FeatureScale.Data;

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
