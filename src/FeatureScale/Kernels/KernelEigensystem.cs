using FeatureScale.Numerics;

namespace FeatureScale.Kernels;

/// <summary>
/// Eigendecomposition of a symmetric kernel matrix K (P×P) on P points with the empirical measure, and the
/// quadratic forms of §3: with a function Φ given by its values φ on the points and ⟨f, g⟩ = (1/P) f·g,
/// ⟨Φ|K|Φ⟩ = φᵀKφ/P² and the RKHS norm ⟨Φ|K⁻¹|Φ⟩ = φᵀK⁺φ (pseudo-inverse: eigenvalues below
/// <see cref="Cutoff"/> are numerically zero and dropped). By Cauchy–Schwarz ⟨Φ|K|Φ⟩⁻¹ ≤ ⟨Φ|K⁻¹|Φ⟩ for unit Φ, with
/// equality for an eigenfunction.
/// </summary>
public sealed class KernelEigensystem
{
    /// <summary>Decomposes K (not modified). Eigenvalues below relativeCutoff × λ_max count as zero.</summary>
    public KernelEigensystem(ReadOnlySpan<double> k, int p, double relativeCutoff = 1e-10)
    {
        P = p;
        Vectors = k.ToArray();
        Values = new double[p];
        LinearAlgebra.Provider.SymmetricEigen(Vectors, p, Values);
        Cutoff = relativeCutoff * Math.Max(Values[^1], 0);
    }

    /// <summary>Number of points.</summary>
    public int P { get; }

    /// <summary>Eigenvalues of the matrix K, ascending (operator eigenvalues are these divided by P).</summary>
    public double[] Values { get; }

    /// <summary>Eigenvectors, column j (row-major P×P) for Values[j], unit Euclidean norm.</summary>
    public double[] Vectors { get; }

    /// <summary>Eigenvalues at or below this count as zero in the pseudo-inverse.</summary>
    public double Cutoff { get; }

    /// <summary>Number of eigenvalues kept by the pseudo-inverse.</summary>
    public int Rank => Values.Count(v => v > Cutoff);

    /// <summary>Eigenvector of the k-th largest eigenvalue (k = 1 is the largest) as values on the points, scaled to ⟨Φ, Φ⟩ = 1.</summary>
    public double[] EigenfunctionByRank(int k)
    {
        if (k < 1 || k > P) throw new ArgumentOutOfRangeException(nameof(k));
        int col = P - k;
        var v = new double[P];
        double s = Math.Sqrt(P);
        for (int i = 0; i < P; i++) v[i] = s * Vectors[i * P + col];
        return v;
    }

    /// <summary>Projections c_j = v_j·φ of φ on every eigenvector.</summary>
    public double[] Project(ReadOnlySpan<double> phi)
    {
        var c = new double[P];
        LinearAlgebra.Provider.Gemv(Transpose.Yes, P, P, 1, Vectors, P, phi, 0, c);
        return c;
    }

    /// <summary>⟨Φ|K|Φ⟩ = φᵀKφ / P².</summary>
    public double Quadratic(ReadOnlySpan<double> phi)
    {
        var c = Project(phi);
        double s = 0;
        for (int j = 0; j < P; j++) s += Values[j] * c[j] * c[j];
        return s / ((double)P * P);
    }

    /// <summary>The RKHS norm ⟨Φ|K⁻¹|Φ⟩ = φᵀK⁺φ (numerically zero eigenvalues dropped).</summary>
    public double RkhsNorm(ReadOnlySpan<double> phi)
    {
        var c = Project(phi);
        double s = 0;
        for (int j = 0; j < P; j++) if (Values[j] > Cutoff) s += c[j] * c[j] / Values[j];
        return s;
    }

    /// <summary>⟨Φ, Φ⟩ = |φ|²/P.</summary>
    public static double Norm2(ReadOnlySpan<double> phi) => LinearAlgebra.Provider.Dot(phi, phi) / phi.Length;
}
