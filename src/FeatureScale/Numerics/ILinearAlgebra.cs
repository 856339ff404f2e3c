namespace FeatureScale.Numerics;

/// <summary>
/// Dense linear algebra over row-major spans: the subset of BLAS and LAPACK that FeatureScale needs.
/// Two providers implement it (MathNet-style): <see cref="OpenBlasProvider"/> (native OpenBLAS) and
/// <see cref="ManagedProvider"/> (pure C#, used when the native library is absent).
/// All matrices are row-major; <c>lda</c> etc. are row strides (≥ the number of columns).
/// </summary>
public interface ILinearAlgebra
{
    /// <summary>"openblas" or "managed".</summary>
    string Name { get; }

    /// <summary>The active CPU kernel set ("SkylakeX", "Haswell", …) or "managed".</summary>
    string CoreName { get; }

    /// <summary>Threads the provider uses inside one call.</summary>
    int Threads { get; }

    /// <summary>Sets the number of threads used inside one call (≥ 1).</summary>
    void SetThreads(int threads);

    /// <summary>C ← α op(A) op(B) + β C, with op(A) m×k, op(B) k×n, C m×n.</summary>
    void Gemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);

    /// <summary>Single-precision <see cref="Gemm(Transpose,Transpose,int,int,int,double,ReadOnlySpan{double},int,ReadOnlySpan{double},int,double,Span{double},int)"/>.</summary>
    void Gemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>y ← α op(A) x + β y, with A m×n as stored.</summary>
    void Gemv(Transpose ta, int m, int n, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> x, double beta, Span<double> y);

    /// <summary>Single-precision gemv.</summary>
    void Gemv(Transpose ta, int m, int n, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> x, float beta, Span<float> y);

    /// <summary>
    /// Symmetric rank-k update of the full matrix: C ← α A Aᵀ + β C (trans = No, A n×k) or
    /// C ← α Aᵀ A + β C (trans = Yes, A k×n). Both triangles of C are written.
    /// </summary>
    void Syrk(Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc);

    /// <summary>x·y.</summary>
    double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y);

    /// <summary>Single-precision dot product.</summary>
    float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y);

    /// <summary>y ← α x + y.</summary>
    void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y);

    /// <summary>Single-precision axpy.</summary>
    void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>
    /// Cholesky factorisation in place: on return the lower triangle of <paramref name="a"/> (n×n) holds L with
    /// A = L Lᵀ and the strict upper triangle is zero. Throws <see cref="NotPositiveDefiniteException"/>.
    /// </summary>
    void CholeskyFactor(Span<double> a, int n);

    /// <summary>Solves A X = B given the factor L from <see cref="CholeskyFactor"/>; B (n×nrhs) is overwritten by X.</summary>
    void CholeskySolve(ReadOnlySpan<double> l, int n, Span<double> b, int nrhs);

    /// <summary>
    /// Symmetric eigendecomposition A = V diag(w) Vᵀ. On return <paramref name="a"/> holds V (column j is the
    /// eigenvector of w[j]) and <paramref name="w"/> the eigenvalues in ascending order.
    /// </summary>
    void SymmetricEigen(Span<double> a, int n, Span<double> w);

    /// <summary>
    /// Thin SVD A = U diag(s) Vᵀ of A (m×n, not modified); k = min(m, n): U is m×k, s has k entries in
    /// descending order, Vᵀ is k×n.
    /// </summary>
    void Svd(ReadOnlySpan<double> a, int m, int n, Span<double> s, Span<double> u, Span<double> vt);
}
