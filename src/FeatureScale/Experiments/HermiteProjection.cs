using FeatureScale.Numerics;

namespace FeatureScale.Experiments;

/// <summary>
/// Coefficients (β₁, β₃) of f ≈ β₁He₁(z) + β₃He₃(z) on a finite point set by least squares (2×2 normal equations), i.e.
/// the sample estimates of ⟨f, He₁⟩ and ⟨f, He₃⟩/3!. Unlike the plain sample means (1/n)Σ f He_k/k!, the joint fit
/// does not leak the large linear part into the cubic coefficient through the sample overlap Σ He₁He₃ ≠ 0.
/// </summary>
public sealed class HermiteProjection
{
    private readonly double[] _he1, _he3;
    private readonly double _g11, _g13, _g33, _det;

    /// <summary>The basis at the points z = w*·x.</summary>
    public HermiteProjection(IReadOnlyList<double> z)
    {
        _he1 = z.ToArray();
        _he3 = z.Select(v => Hermite.He(3, v)).ToArray();
        for (int i = 0; i < _he1.Length; i++) { _g11 += _he1[i] * _he1[i]; _g13 += _he1[i] * _he3[i]; _g33 += _he3[i] * _he3[i]; }
        _det = _g11 * _g33 - _g13 * _g13;
        if (!(_det > 0)) throw new ArgumentException("He₁ and He₃ are not independent on these points (need at least 2 distinct points)");
    }

    /// <summary>(β₁, β₃) for the values f at the points.</summary>
    public (double He1, double He3) Coefficients(ReadOnlySpan<double> f)
    {
        double p1 = 0, p3 = 0;
        for (int i = 0; i < _he1.Length; i++) { p1 += f[i] * _he1[i]; p3 += f[i] * _he3[i]; }
        return ((_g33 * p1 - _g13 * p3) / _det, (_g11 * p3 - _g13 * p1) / _det);
    }
}
