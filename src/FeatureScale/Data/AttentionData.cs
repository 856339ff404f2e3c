using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>
/// Inputs of the attention experiment (§6.2, App. E.3): X ∈ R^{L×d} with i.i.d. N(0, 1) entries, stored as
/// P·L rows of d (input p is rows pL..pL+L−1), and the cubic target
/// y(X) = Σ_{a≠b} x^a_1 x^b_2 x^b_3 / √(L(L−1)) (unit variance; a ≠ b inferred from the normalisation), computed as
/// [(Σ_a x^a_1)(Σ_b x^b_2 x^b_3) − Σ_a x^a_1 x^a_2 x^a_3] / √(L(L−1)).
/// </summary>
public static class AttentionData
{
    /// <summary>Draws P inputs of L tokens in dimension d (d ≥ 3) and their cubic targets.</summary>
    public static (double[] X, double[] Y) Draw(int count, int length, int dim, RandomStream rng)
    {
        if (dim < 3) throw new ConfigException($"the cubic attention target uses coordinates 1..3: d must be at least 3 (got {dim})");
        if (length < 2) throw new ConfigException($"context length L must be at least 2 (got {length})");
        if (count < 1) throw new ConfigException($"a data set needs at least one point (got {count})");
        var x = new double[(long)count * length * dim is var n && n <= int.MaxValue ? (int)n : throw new ConfigException("attention data set too large")];
        rng.FillGaussian(x);
        var y = new double[count];
        for (int p = 0; p < count; p++) y[p] = CubicTarget(x.AsSpan(p * length * dim, length * dim), length, dim);
        return (x, y);
    }

    /// <summary>y(X) for one input (L × d row-major).</summary>
    public static double CubicTarget(ReadOnlySpan<double> x, int length, int dim)
    {
        double s1 = 0, s23 = 0, s123 = 0;
        for (int a = 0; a < length; a++)
        {
            double x1 = x[a * dim], x2 = x[a * dim + 1], x3 = x[a * dim + 2];
            s1 += x1; s23 += x2 * x3; s123 += x1 * x2 * x3;
        }
        return (s1 * s23 - s123) / Math.Sqrt((double)length * (length - 1));
    }
}
