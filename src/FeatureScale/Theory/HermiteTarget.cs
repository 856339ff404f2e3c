using FeatureScale.Data;
using FeatureScale.Numerics;

namespace FeatureScale.Theory;

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
    /// Parses one term of the target grammar (<see cref="Teacher.ParseTerms"/>): "he3" (He_3/3!, the paper's App. B.3
    /// convention), "h3" (He_3/√3!, unit norm) or "He3" (raw He_3); the LDT takes a single term of degree 1..12.
    /// </summary>
    public static HermiteTarget Parse(string name)
    {
        var terms = Teacher.ParseTerms(name);
        if (terms is not [{ Coefficient: 1.0 } term])
            throw new ConfigException($"target '{name}': the LDT takes one Hermite term without a coefficient (he<m>, h<m> or He<m>)");
        if (term.Degree < 1 || term.Degree > 12)
            throw new ConfigException($"target '{name}': the Hermite degree must be an integer in 1..12");
        return new HermiteTarget(term.Degree, term.Normalization);
    }

    /// <summary>Name in the form accepted by <see cref="Parse"/>.</summary>
    public override string ToString() => Normalization switch
    {
        HermiteNormalization.Raw => $"He{Degree}",
        HermiteNormalization.UnitNorm => $"h{Degree}",
        _ => $"he{Degree}",
    };
}
