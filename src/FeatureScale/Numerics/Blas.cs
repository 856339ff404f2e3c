using System.Runtime.InteropServices;

namespace FeatureScale.Numerics;

/// <summary>
/// Precision-generic front end to <see cref="LinearAlgebra.Provider"/> and the RNG for models written once for
/// double and float (the type test is resolved by the JIT: no run-time cost).
/// </summary>
public static class Blas
{
    /// <summary>C ← α op(A) op(B) + β C (row-major).</summary>
    public static void Gemm<T>(Transpose ta, Transpose tb, int m, int n, int k, double alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, double beta, Span<T> c, int ldc) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            LinearAlgebra.Provider.Gemm(ta, tb, m, n, k, alpha, MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(b), ldb, beta, MemoryMarshal.Cast<T, double>(c), ldc);
        else if (typeof(T) == typeof(float))
            LinearAlgebra.Provider.Gemm(ta, tb, m, n, k, (float)alpha, MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb, (float)beta, MemoryMarshal.Cast<T, float>(c), ldc);
        else throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>y ← α op(A) x + β y.</summary>
    public static void Gemv<T>(Transpose ta, int m, int n, double alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, double beta, Span<T> y) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            LinearAlgebra.Provider.Gemv(ta, m, n, alpha, MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(x), beta, MemoryMarshal.Cast<T, double>(y));
        else if (typeof(T) == typeof(float))
            LinearAlgebra.Provider.Gemv(ta, m, n, (float)alpha, MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(x), (float)beta, MemoryMarshal.Cast<T, float>(y));
        else throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>Fills with N(0, std²) draws.</summary>
    public static void FillGaussian<T>(RandomStream rng, Span<T> dest, double std) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) rng.FillGaussian(MemoryMarshal.Cast<T, double>(dest), 0, std);
        else if (typeof(T) == typeof(float)) rng.FillGaussian(MemoryMarshal.Cast<T, float>(dest), 0f, (float)std);
        else throw new NotSupportedException(typeof(T).Name);
    }
}
