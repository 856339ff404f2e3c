using System.Collections.Concurrent;

namespace FeatureScale.Numerics;

/// <summary>
/// Gauss–Hermite rules for expectations under N(0,1): E f(z) ≈ Σ w_i f(x_i), exact for polynomials of degree
/// ≤ 2n − 1. Nodes from the Golub–Welsch eigenproblem of the Jacobi matrix (off-diagonal √k), then polished by
/// Newton steps on h_n; weights from the Christoffel formula w_i = 1/Σ_{k&lt;n} h_k(x_i)² (accurate in the tails).
/// </summary>
public static class GaussHermite
{
    /// <summary>Largest supported number of nodes.</summary>
    public const int MaxNodes = 200;
    private static readonly ConcurrentDictionary<int, QuadratureRule> Cache = new();

    /// <summary>The n-node rule for the standard normal measure (weights sum to 1).</summary>
    public static QuadratureRule Normal(int n)
    {
        if (n < 1 || n > MaxNodes) throw new ArgumentOutOfRangeException(nameof(n), $"nodes must be in 1..{MaxNodes}");
        return Cache.GetOrAdd(n, Build);
    }

    /// <summary>Expectation E f(z), z ~ N(0,1), with an n-node rule.</summary>
    public static double Expectation(Func<double, double> f, int n = 80) => Normal(n).Integrate(f);

    /// <summary>
    /// E f(u, v) for (u, v) jointly Gaussian with variances q1, q2 and covariance c, by an n×n product rule on the
    /// Cholesky factor: u = √q1 z1, v = ρ√q2 z1 + √(1−ρ²)√q2 z2.
    /// </summary>
    public static double Expectation2D(Func<double, double, double> f, double q1, double q2, double c, int n = 60)
    {
        var rule = Normal(n);
        double s1 = Math.Sqrt(q1), s2 = Math.Sqrt(q2);
        double rho = s1 * s2 > 0 ? Math.Clamp(c / (s1 * s2), -1, 1) : 0;
        double perp = Math.Sqrt(Math.Max(0, 1 - rho * rho));
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double u = s1 * rule.Nodes[i], inner = 0;
            for (int j = 0; j < n; j++) inner += rule.Weights[j] * f(u, s2 * (rho * rule.Nodes[i] + perp * rule.Nodes[j]));
            sum += rule.Weights[i] * inner;
        }
        return sum;
    }

    private static QuadratureRule Build(int n)
    {
        var jacobi = new double[n * n];
        for (int k = 1; k < n; k++) jacobi[(k - 1) * n + k] = jacobi[k * n + k - 1] = Math.Sqrt(k);
        var nodes = new double[n];
        LinearAlgebra.Provider.SymmetricEigen(jacobi, n, nodes);
        var weights = new double[n];
        var h = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            double x = nodes[i];
            for (int it = 0; it < 3; it++)
            {
                Hermite.NormalizedAll(n, x, h);
                // h_n' = √n h_{n−1}
                double step = h[n] / (Math.Sqrt(n) * h[n - 1]);
                if (!double.IsFinite(step)) break;
                x -= step;
            }
            nodes[i] = x;
            Hermite.NormalizedAll(n - 1, x, h);
            double s = 0;
            for (int k = 0; k < n; k++) s += h[k] * h[k];
            weights[i] = 1 / s;
        }
        // Enforce exact symmetry of the rule.
        for (int i = 0; i < n / 2; i++)
        {
            double x = 0.5 * (nodes[n - 1 - i] - nodes[i]), w = 0.5 * (weights[i] + weights[n - 1 - i]);
            nodes[i] = -x; nodes[n - 1 - i] = x; weights[i] = weights[n - 1 - i] = w;
        }
        if (n % 2 == 1) nodes[n / 2] = 0;
        return new QuadratureRule(nodes, weights);
    }
}
