using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>
/// A single-index Hermite target y(u) = Σ_k c_k He_k(u)/norm_k of the projection u = w*·x, in the one target grammar
/// of <see cref="Teacher.ParseTerms"/>: "h3" (He_3/√3!, unit norm), "he3" (He_3/3!, the paper's Eq. 35
/// normalisation), sums "h1+h3", raw "He3", scaled terms "0.5*h1+h3" and differences "h1-1.8*he3".
/// </summary>
public sealed class HermiteSeries
{
    private readonly (int Degree, double Scale)[] _terms;

    private HermiteSeries(string text, (int, double)[] terms) { Text = text; _terms = terms; }

    /// <summary>The specification it was parsed from.</summary>
    public string Text { get; }

    /// <summary>Parses a target specification; throws <see cref="ConfigException"/> when malformed.</summary>
    public static HermiteSeries Parse(string text) =>
        new(text, Teacher.ParseTerms(text)
            .Select(t => (t.Degree, t.Coefficient / t.Divisor))
            .ToArray());

    /// <summary>y as a function of the projection u = w*·x.</summary>
    public double Evaluate(double u)
    {
        double s = 0;
        foreach (var (k, c) in _terms) s += c * Hermite.He(k, u);
        return s;
    }

    /// <summary>Squared norm per degree under x ~ N(0, I): Σ over terms of degree n of c² n! (index = degree).</summary>
    public double[] PowerByDegree()
    {
        int max = _terms.Max(t => t.Degree);
        var coef = new double[max + 1];
        foreach (var (k, c) in _terms) coef[k] += c;
        return coef.Select((c, n) => c * c * Hermite.Factorial(n)).ToArray();
    }

    /// <summary>⟨y, y⟩ under x ~ N(0, I).</summary>
    public double Norm2 => PowerByDegree().Sum();
}
