namespace FeatureScale.Numerics;

/// <summary>
/// Probabilists' Hermite polynomials He_n (orthogonal under N(0,1): E[He_m He_n] = n! δ_mn) and the unit-norm
/// h_n = He_n/√(n!) (E[h_m h_n] = δ_mn).
/// </summary>
public static class Hermite
{
    /// <summary>He_n(x) by the three-term recurrence He_{n+1} = x He_n − n He_{n−1}.</summary>
    public static double He(int n, double x)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), "degree must be ≥ 0");
        double prev = 1, cur = x;
        if (n == 0) return prev;
        for (int k = 1; k < n; k++) (prev, cur) = (cur, x * cur - k * prev);
        return cur;
    }

    /// <summary>h_n(x) = He_n(x)/√(n!), by the normalised recurrence (no factorial overflow).</summary>
    public static double Normalized(int n, double x)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), "degree must be ≥ 0");
        double prev = 1, cur = x;
        if (n == 0) return prev;
        for (int k = 1; k < n; k++) (prev, cur) = (cur, (x * cur - Math.Sqrt(k) * prev) / Math.Sqrt(k + 1));
        return cur;
    }

    /// <summary>h_0(x) … h_maxDegree(x) into <paramref name="values"/> (length ≥ maxDegree + 1).</summary>
    public static void NormalizedAll(int maxDegree, double x, Span<double> values)
    {
        if (values.Length < maxDegree + 1) throw new ArgumentException("buffer too short");
        values[0] = 1;
        if (maxDegree == 0) return;
        values[1] = x;
        for (int k = 1; k < maxDegree; k++) values[k + 1] = (x * values[k] - Math.Sqrt(k) * values[k - 1]) / Math.Sqrt(k + 1);
    }

    /// <summary>Monomial coefficients of He_n: He_n(x) = Σ_k c[k] x^k.</summary>
    public static double[] HeCoefficients(int n)
    {
        var prev = new double[n + 2]; var cur = new double[n + 2];
        prev[0] = 1;
        if (n == 0) return [1];
        cur[1] = 1;
        for (int k = 1; k < n; k++)
        {
            var next = new double[n + 2];
            for (int j = 0; j <= k; j++) next[j + 1] += cur[j];
            for (int j = 0; j <= k - 1; j++) next[j] -= k * prev[j];
            prev = cur; cur = next;
        }
        return cur[..(n + 1)];
    }

    /// <summary>n! as a double (exact up to 22!).</summary>
    public static double Factorial(int n)
    {
        double f = 1;
        for (int k = 2; k <= n; k++) f *= k;
        return f;
    }

    /// <summary>
    /// Hermite coefficients of f under N(0, q): f(√q z) = Σ_n a_n h_n(z) with a_n = E_z[f(√q z) h_n(z)], by
    /// Gauss–Hermite quadrature with <paramref name="nodes"/> nodes.
    /// </summary>
    public static double[] Coefficients(Func<double, double> f, int maxDegree, double variance = 1, int nodes = 120)
    {
        if (variance < 0) throw new ArgumentOutOfRangeException(nameof(variance), "variance must be ≥ 0");
        var rule = GaussHermite.Normal(nodes);
        var a = new double[maxDegree + 1];
        var h = new double[maxDegree + 1];
        double s = Math.Sqrt(variance);
        for (int i = 0; i < rule.Nodes.Length; i++)
        {
            NormalizedAll(maxDegree, rule.Nodes[i], h);
            double fw = f(s * rule.Nodes[i]) * rule.Weights[i];
            for (int n = 0; n <= maxDegree; n++) a[n] += fw * h[n];
        }
        return a;
    }
}
