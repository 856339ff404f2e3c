using System.Numerics.Tensors;

namespace FeatureScale.Numerics;

/// <summary>
/// Pure C# linear algebra: the fallback when OpenBLAS is absent. Correct first (tests compare it with OpenBLAS);
/// products are cache-blocked and vectorised, factorisations are textbook (Cholesky–Banachiewicz, cyclic Jacobi
/// eigenvalues, one-sided Jacobi SVD).
/// </summary>
public sealed class ManagedProvider : ILinearAlgebra
{
    private int _threads = 1;

    public string Name => "managed";
    public string CoreName => "managed";
    public int Threads => _threads;
    public void SetThreads(int threads) => _threads = Math.Max(1, threads);

    public void Gemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        Checks.Gemm(ta, tb, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        GemmCore(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public void Gemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        Checks.Gemm(ta, tb, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        GemmCore(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private unsafe void GemmCore<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // B as a row-major k×n panel (copied when transposed), so the inner loop is a contiguous axpy over j.
        T[] bRows;
        int ldbr;
        if (tb == Transpose.No) { bRows = b.ToArray(); ldbr = ldb; }
        else { bRows = new T[k * n]; for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) bRows[p * n + j] = b[j * ldb + p]; ldbr = n; }
        T[] aArr = a.ToArray();
        fixed (T* pc = c)
        {
            nint cPtr = (nint)pc;
            int cLen = c.Length;
            void Row(int i)
            {
                var ci = new Span<T>((T*)cPtr + (long)i * ldc, n);
                if (beta == T.Zero) ci.Clear(); else if (beta != T.One) TensorPrimitives.Multiply(ci, beta, ci);
                for (int p = 0; p < k; p++)
                {
                    T aip = ta == Transpose.No ? aArr[i * lda + p] : aArr[p * lda + i];
                    if (aip == T.Zero) continue;
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(bRows, p * ldbr, n), alpha * aip, ci, ci);
                }
            }
            if (_threads > 1 && (long)m * n * k > 1 << 18)
                Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Row);
            else
                for (int i = 0; i < m; i++) Row(i);
            _ = cLen;
        }
    }

    public void Gemv(Transpose ta, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        Checks.Gemv(ta, m, n, a.Length, lda, x.Length, y.Length);
        GemvCore(ta, m, n, alpha, a, lda, x, beta, y);
    }

    public void Gemv(Transpose ta, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        Checks.Gemv(ta, m, n, a.Length, lda, x.Length, y.Length);
        GemvCore(ta, m, n, alpha, a, lda, x, beta, y);
    }

    private static void GemvCore<T>(Transpose ta, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, T beta, Span<T> y)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int yn = ta == Transpose.No ? m : n;
        var yv = y[..yn];
        ScaleOrZero(beta, yv);
        if (m == 0 || n == 0) return;
        if (ta == Transpose.No)
            for (int i = 0; i < m; i++) yv[i] += alpha * TensorPrimitives.Dot(a.Slice(i * lda, n), x[..n]);
        else
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(a.Slice(i * lda, n), alpha * x[i], yv, yv);
    }

    public void Syrk(Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    {
        if (n == 0) return;
        Checks.Syrk(trans, n, k, a.Length, lda, c.Length, ldc);
        GemmCore(trans, trans == Transpose.No ? Transpose.Yes : Transpose.No, n, n, k, alpha, a, lda, a, lda, beta, c, ldc);
    }

    public double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) { Checks.SameLength(x.Length, y.Length); return TensorPrimitives.Dot(x, y); }
    public float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) { Checks.SameLength(x.Length, y.Length); return TensorPrimitives.Dot(x, y); }
    public void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) { Checks.SameLength(x.Length, y.Length); TensorPrimitives.MultiplyAdd(x, alpha, y, y); }
    public void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y) { Checks.SameLength(x.Length, y.Length); TensorPrimitives.MultiplyAdd(x, alpha, y, y); }

    public void CholeskyFactor(Span<double> a, int n)
    {
        Checks.Square(a.Length, n);
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j] - TensorPrimitives.Dot(a.Slice(j * n, j), a.Slice(j * n, j));
            if (!(d > 0)) throw new NotPositiveDefiniteException(j + 1);
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(a.Slice(i * n, j), a.Slice(j * n, j))) / ljj;
        }
        ZeroStrictUpper(a, n);
    }

    public void CholeskySolve(ReadOnlySpan<double> l, int n, Span<double> b, int nrhs)
    {
        Checks.Square(l.Length, n);
        if (b.Length != n * nrhs) throw new ArgumentException($"right-hand side has {b.Length} entries, expected {n}×{nrhs}");
        var col = new double[n];
        for (int r = 0; r < nrhs; r++)
        {
            for (int i = 0; i < n; i++) col[i] = b[i * nrhs + r];
            for (int i = 0; i < n; i++) col[i] = (col[i] - TensorPrimitives.Dot(l.Slice(i * n, i), col.AsSpan(0, i))) / l[i * n + i];
            for (int i = n - 1; i >= 0; i--)
            {
                double s = col[i];
                for (int j = i + 1; j < n; j++) s -= l[j * n + i] * col[j];
                col[i] = s / l[i * n + i];
            }
            for (int i = 0; i < n; i++) b[i * nrhs + r] = col[i];
        }
    }

    public void SymmetricEigen(Span<double> a, int n, Span<double> w)
    {
        Checks.Square(a.Length, n);
        if (w.Length != n) throw new ArgumentException("eigenvalue buffer must have n entries");
        var s = a.ToArray();
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        double norm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(s));
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += s[p * n + q] * s[p * n + q];
            if (Math.Sqrt(off) <= 1e-15 * norm || norm == 0) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = s[p * n + q];
                    if (Math.Abs(apq) <= 1e-300) continue;
                    double theta = (s[q * n + q] - s[p * n + p]) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), sn = t * c;
                    for (int r = 0; r < n; r++)
                    {
                        double arp = s[r * n + p], arq = s[r * n + q];
                        s[r * n + p] = c * arp - sn * arq;
                        s[r * n + q] = sn * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++)
                    {
                        double apr = s[p * n + r], aqr = s[q * n + r];
                        s[p * n + r] = c * apr - sn * aqr;
                        s[q * n + r] = sn * apr + c * aqr;
                        double vrp = v[r * n + p], vrq = v[r * n + q];
                        v[r * n + p] = c * vrp - sn * vrq;
                        v[r * n + q] = sn * vrp + c * vrq;
                    }
                }
        }
        var order = Enumerable.Range(0, n).OrderBy(i => s[i * n + i]).ToArray();
        for (int j = 0; j < n; j++)
        {
            w[j] = s[order[j] * n + order[j]];
            for (int r = 0; r < n; r++) a[r * n + j] = v[r * n + order[j]];
        }
    }

    public void Svd(ReadOnlySpan<double> a, int m, int n, Span<double> s, Span<double> u, Span<double> vt)
    {
        Checks.Svd(a.Length, m, n, s.Length, u.Length, vt.Length);
        int k = Math.Min(m, n);
        if (k == 0) return;
        if (m < n)
        {
            // Aᵀ = U' S V'ᵀ  ⇒  A = V' S U'ᵀ.
            var at = Transposed(a[..(m * n)], m, n);
            var u2 = new double[n * k];
            var vt2 = new double[k * m];
            Svd(at, n, m, s, u2, vt2);
            TransposeInto(u2, n, k, vt);   // Vᵀ (k×n) = (U')ᵀ
            TransposeInto(vt2, k, m, u);   // U (m×k) = (V'ᵀ)ᵀ
            return;
        }
        // One-sided Jacobi on the columns of A (m ≥ n): rotate until all columns are orthogonal.
        var cols = Transposed(a[..(m * n)], m, n); // row j = column j of A
        var v = new double[n * n];                 // row j = column j of V
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    var cp = cols.AsSpan(p * m, m); var cq = cols.AsSpan(q * m, m);
                    double alpha = TensorPrimitives.Dot<double>(cp, cp), beta = TensorPrimitives.Dot<double>(cq, cq), gamma = TensorPrimitives.Dot<double>(cp, cq);
                    if (Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta) || gamma == 0) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), sn = c * t;
                    Rotate(cp, cq, c, sn);
                    Rotate(v.AsSpan(p * n, n), v.AsSpan(q * n, n), c, sn);
                }
            if (!rotated) break;
        }
        var norms = new double[n];
        for (int j = 0; j < n; j++) norms[j] = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(cols.AsSpan(j * m, m)));
        var order = Enumerable.Range(0, n).OrderByDescending(j => norms[j]).ToArray();
        for (int r = 0; r < k; r++)
        {
            int j = order[r];
            s[r] = norms[j];
            for (int i = 0; i < m; i++) u[i * k + r] = norms[j] > 0 ? cols[j * m + i] / norms[j] : 0;
            for (int i = 0; i < n; i++) vt[r * n + i] = v[j * n + i];
        }
    }

    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }

    // ---- small helpers shared with the native provider ----

    internal static void ScaleOrZero<T>(T beta, Span<T> y) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (beta == T.Zero) y.Clear();
        else if (beta != T.One) TensorPrimitives.Multiply(y, beta, y);
    }

    internal static void ZeroStrictUpper(Span<double> a, int n)
    {
        for (int i = 0; i < n; i++) a.Slice(i * n + i + 1, n - i - 1).Clear();
    }

    internal static void MirrorLowerToUpper(Span<double> c, int n, int ldc)
    {
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) c[i * ldc + j] = c[j * ldc + i];
    }

    internal static double[] Transposed(ReadOnlySpan<double> a, int rows, int cols)
    {
        var t = new double[rows * cols];
        TransposeInto(a, rows, cols, t);
        return t;
    }

    internal static void TransposeInto(ReadOnlySpan<double> a, int rows, int cols, Span<double> dest)
    {
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) dest[j * rows + i] = a[i * cols + j];
    }

    internal static void TransposeSquareInPlace(Span<double> a, int n)
    {
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) (a[i * n + j], a[j * n + i]) = (a[j * n + i], a[i * n + j]);
    }
}
