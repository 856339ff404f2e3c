using System.Globalization;
using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>
/// A single-index Hermite teacher y(x) = Σ_k c_k P_{m_k}(w*·x) with a unit vector w*. Names: "h3" = He_3/√(3!)
/// (unit norm, the default), "he3" = He_3/3! (the paper's Eq. 35 constant), sums "h1+h3", coefficients "0.5*h1+h3",
/// differences "h1-1.8*he3" (= He_1 − 0.3 He_3, the cubic teacher of 2310.03789 Eq. 1 with ε = −0.3).
/// </summary>
public sealed class Teacher
{
    /// <summary>The terms of the sum.</summary>
    public IReadOnlyList<HermiteTerm> Terms { get; }
    /// <summary>The unit teacher direction w* (length d).</summary>
    public double[] Direction { get; }

    /// <summary>A teacher with given terms and direction (normalised to unit length).</summary>
    public Teacher(IReadOnlyList<HermiteTerm> terms, double[] direction)
    {
        if (terms.Count == 0) throw new ConfigException("a teacher needs at least one Hermite term");
        double norm = Math.Sqrt(direction.Sum(v => v * v));
        if (!(norm > 0)) throw new ArgumentException("teacher direction must be non-zero");
        Terms = terms.ToArray();
        Direction = direction.Select(v => v / norm).ToArray();
    }

    /// <summary>Parses a teacher name into terms; throws <see cref="ConfigException"/> on anything else.</summary>
    public static IReadOnlyList<HermiteTerm> ParseTerms(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new ConfigException("target is empty (use e.g. h3, he3, h1+h3)");
        var terms = new List<HermiteTerm>();
        foreach (var raw in SplitTerms(spec.Replace(" ", "")))
        {
            string part = raw;
            double c = 1;
            int star = part.IndexOf('*');
            if (star >= 0)
            {
                if (!double.TryParse(part[..star], NumberStyles.Float, CultureInfo.InvariantCulture, out c) || !double.IsFinite(c))
                    throw new ConfigException($"bad coefficient in target term '{raw}'");
                part = part[(star + 1)..];
            }
            else if (part.StartsWith('-')) { c = -1; part = part[1..]; } // "h1-h3"
            HermiteNormalization norm;
            string digits;
            if (part.StartsWith("He", StringComparison.Ordinal)) { norm = HermiteNormalization.Raw; digits = part[2..]; }
            else if (part.ToLowerInvariant() is var lower && lower.StartsWith("he")) { norm = HermiteNormalization.Factorial; digits = part[2..]; }
            else if (lower.StartsWith('h')) { norm = HermiteNormalization.UnitNorm; digits = part[1..]; }
            else throw new ConfigException($"unknown target term '{raw}' (use h<m> = He_m/sqrt(m!), he<m> = He_m/m! or He<m> = raw He_m, joined by + or -)");
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m < 0 || m > 20)
                throw new ConfigException($"bad Hermite degree in target term '{raw}' (0..20)");
            terms.Add(new HermiteTerm(m, norm, c));
        }
        return terms;
    }

    /// <summary>
    /// Splits "h1+0.5*h3", "h1-1.8*he3" or "h1+-1.8*he3" into terms: a '+' or '-' ends a term only right after a
    /// Hermite degree (a digit); a '-' that ends a term starts the next one as its sign ("1e-3*h2" stays whole).
    /// </summary>
    private static IEnumerable<string> SplitTerms(string spec)
    {
        int start = 0;
        for (int i = 1; i < spec.Length; i++)
        {
            char ch = spec[i];
            if ((ch == '+' || ch == '-') && char.IsAsciiDigit(spec[i - 1]) && spec.LastIndexOf('*', i - 1) < Math.Max(spec.LastIndexOfAny(['h', 'H'], i - 1), 0))
            {
                yield return spec[start..i];
                start = ch == '+' ? i + 1 : i;
            }
        }
        yield return spec[start..];
    }

    /// <summary>A teacher from a name with a direction drawn uniformly on the sphere from <paramref name="rng"/>.</summary>
    public static Teacher Random(string spec, int d, RandomStream rng)
    {
        var terms = ParseTerms(spec);
        var w = new double[d];
        rng.FillGaussian(w);
        return new Teacher(terms, w);
    }

    /// <summary>The highest Hermite degree among the terms (the m of the h_m(Φ*) feature).</summary>
    public int MaxDegree => Terms.Max(t => t.Degree);

    /// <summary>y as a function of Φ* = w*·x.</summary>
    public double Evaluate(double z)
    {
        double s = 0;
        foreach (var t in Terms) s += t.Evaluate(z);
        return s;
    }

    /// <summary>Human-readable normalisation statement for manifests.</summary>
    public string Normalisation =>
        string.Join(" + ", Terms.Select(t => (t.Coefficient == 1.0 ? "" : t.Coefficient.ToString("R", CultureInfo.InvariantCulture) + "·") +
            t.Normalization switch
            {
                HermiteNormalization.UnitNorm => $"He_{t.Degree}(w*·x)/sqrt({t.Degree}!)",
                HermiteNormalization.Factorial => $"He_{t.Degree}(w*·x)/{t.Degree}!",
                _ => $"He_{t.Degree}(w*·x)",
            })) +
        " with He the probabilists' Hermite polynomials and |w*| = 1";

    /// <summary>Canonical spec string.</summary>
    public override string ToString() => string.Join("+", Terms.Select(t => t.ToString()));
}
