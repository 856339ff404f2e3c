namespace FeatureScale.Theory;

/// <summary>One point of a regime scan: every varied scale = d^γ.</summary>
/// <param name="Gamma">γ.</param>
/// <param name="Exponents">Pattern → exponent of d in its minimised energy (NaN when unbounded).</param>
/// <param name="Winner">Pattern with the smallest exponent (first in menu order on ties).</param>
/// <param name="OrderParameters">Winner's parameters → exponent of d (absent when undetermined).</param>
public sealed record RegimePoint(double Gamma, IReadOnlyDictionary<string, double> Exponents, string Winner, IReadOnlyDictionary<string, double> OrderParameters)
{
    /// <summary>Every pattern whose exponent equals the winner's (within 1e-9), winner first.</summary>
    public IReadOnlyList<string> Tied => Exponents.Where(kv => Math.Abs(kv.Value - Exponents[Winner]) < 1e-9).Select(kv => kv.Key)
        .OrderBy(k => k == Winner ? 0 : 1).ToList();
}
