using System.Globalization;
using System.Text;

namespace FeatureScale.Theory;

/// <summary>
/// A power-law scaling Π_v v^{e_v} with rational exponents over named variables (scale variables d, N1, L, H, χ…
/// and free parameters M, D, β, μ). Constants are dropped: only scalings are tracked.
/// </summary>
public sealed class Monomial : IEquatable<Monomial>
{
    private readonly SortedDictionary<string, Rational> _e;

    private Monomial(SortedDictionary<string, Rational> e) { _e = e; }

    /// <summary>The constant 1.</summary>
    public static Monomial One { get; } = new(new SortedDictionary<string, Rational>(StringComparer.Ordinal));

    /// <summary>From exponents (zeros dropped).</summary>
    public static Monomial Of(IEnumerable<KeyValuePair<string, Rational>> exponents)
    {
        var e = new SortedDictionary<string, Rational>(StringComparer.Ordinal);
        foreach (var (k, v) in exponents)
        {
            var s = (e.TryGetValue(k, out var old) ? old : Rational.Zero) + v;
            if (s.IsZero) e.Remove(k); else e[k] = s;
        }
        return new Monomial(e);
    }

    /// <summary>v^exponent.</summary>
    public static Monomial Var(string name, Rational exponent) => Of([new(name, exponent)]);
    /// <summary>v.</summary>
    public static Monomial Var(string name) => Var(name, Rational.One);

    /// <summary>Exponent map (zero exponents absent).</summary>
    public IReadOnlyDictionary<string, Rational> Exponents => _e;
    /// <summary>Exponent of v (0 if absent).</summary>
    public Rational this[string v] => _e.TryGetValue(v, out var r) ? r : Rational.Zero;
    /// <summary>True for the constant.</summary>
    public bool IsOne => _e.Count == 0;
    /// <summary>Variables with non-zero exponent.</summary>
    public IEnumerable<string> Variables => _e.Keys;

    public static Monomial operator *(Monomial a, Monomial b) => Of(a._e.Concat(b._e));
    public static Monomial operator /(Monomial a, Monomial b) => a * b.Pow(-Rational.One);
    /// <summary>this^p.</summary>
    public Monomial Pow(Rational p) => Of(_e.Select(kv => new KeyValuePair<string, Rational>(kv.Key, kv.Value * p)));

    /// <summary>The part in the given variables.</summary>
    public Monomial Restrict(Func<string, bool> keep) => Of(_e.Where(kv => keep(kv.Key)));

    /// <summary>Replaces each variable in <paramref name="map"/> by its monomial (e.g. N1 → d, N_w → d·S^{-1}).</summary>
    public Monomial Substitute(IReadOnlyDictionary<string, Monomial> map)
    {
        var r = One;
        foreach (var (k, v) in _e) r *= map.TryGetValue(k, out var m) ? m.Pow(v) : Var(k, v);
        return r;
    }

    /// <summary>Σ e_v log v for log-values of the variables (missing variables: error).</summary>
    public double LogValue(IReadOnlyDictionary<string, double> logs)
    {
        double s = 0;
        foreach (var (k, v) in _e)
            s += v.ToDouble() * (logs.TryGetValue(k, out var l) ? l : throw new ConfigException($"no value for the scale variable '{k}'"));
        return s;
    }

    /// <summary>Exponents as numbers rounded to 4 decimals (the JSON contract).</summary>
    public Dictionary<string, double> ToJson() => _e.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value.ToDouble(), 4), StringComparer.Ordinal);

    /// <summary>Exact exponents as strings ("1/3").</summary>
    public Dictionary<string, string> ToExactJson() => _e.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);

    /// <summary>
    /// Parses "d", "d^3", "N1*N2*d^(1/3)", "(N*d)^(3/4)", "N2^1/2 d^-1", "N/M", "1". Factors are separated by '*' or
    /// spaces; '/' divides by the next factor; an exponent written without parentheses may be a fraction (d^1/2).
    /// </summary>
    public static Monomial Parse(string text)
    {
        string s = text.Trim();
        if (s.Length == 0 || s == "1") return One;
        var result = One;
        int i = 0;
        bool divide = false;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == ' ' || c == '*' || c == '·') { i++; continue; }
            if (c == '/') { divide = true; i++; continue; }
            Monomial factor;
            if (c == '(')
            {
                int depth = 1, j = i + 1;
                while (j < s.Length && depth > 0) { if (s[j] == '(') depth++; else if (s[j] == ')') depth--; j++; }
                if (depth != 0) throw new ConfigException($"unbalanced parentheses in '{text}'");
                factor = Parse(s[(i + 1)..(j - 1)]);
                i = j;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int j = i;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
                factor = Var(s[i..j]);
                i = j;
            }
            else if (c == '1' && (i + 1 == s.Length || s[i + 1] is ' ' or '*' or '/')) { i++; continue; }
            else throw new ConfigException($"cannot read the monomial '{text}' at '{s[i..]}'");
            if (i < s.Length && s[i] == '^')
            {
                i++;
                string exp;
                if (i < s.Length && s[i] == '(')
                {
                    int j = s.IndexOf(')', i);
                    if (j < 0) throw new ConfigException($"unbalanced parentheses in '{text}'");
                    exp = s[(i + 1)..j]; i = j + 1;
                }
                else
                {
                    int j = i;
                    while (j < s.Length && (char.IsDigit(s[j]) || s[j] is '-' or '+' or '.' or '/')) j++;
                    exp = s[i..j]; i = j;
                }
                factor = factor.Pow(Rational.Parse(exp));
            }
            result *= divide ? factor.Pow(-Rational.One) : factor;
            divide = false;
        }
        return result;
    }

    /// <summary>Readable form: "d^3", "(N1*N2*d)^(1/3)", "N*d^(1/2)", "1".</summary>
    public override string ToString()
    {
        if (_e.Count == 0) return "1";
        var exps = _e.Values.Distinct().ToList();
        if (_e.Count > 1 && exps.Count == 1 && exps[0] != Rational.One)
            return $"({string.Join("*", _e.Keys)})^{Paren(exps[0])}";
        var sb = new StringBuilder();
        foreach (var (k, v) in _e)
        {
            if (sb.Length > 0) sb.Append('*');
            sb.Append(k);
            if (v != Rational.One) sb.Append('^').Append(Paren(v));
        }
        return sb.ToString();
    }

    private static string Paren(Rational r) => r.Q == 1 && r.P >= 0 ? r.P.ToString(CultureInfo.InvariantCulture) : $"({r})";

    public bool Equals(Monomial? other) => other is not null && _e.Count == other._e.Count && _e.All(kv => other[kv.Key] == kv.Value);
    public override bool Equals(object? obj) => Equals(obj as Monomial);
    public override int GetHashCode() { var h = new HashCode(); foreach (var (k, v) in _e) { h.Add(k); h.Add(v); } return h.ToHashCode(); }
}
