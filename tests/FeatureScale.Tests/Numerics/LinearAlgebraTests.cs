using FeatureScale.Numerics;
using FsCheck;
using FsCheck.Xunit;

namespace FeatureScale.Tests.Numerics;

/// <summary>
/// Backend comparison: the active provider (OpenBLAS when present, else managed; CI runs these again with
/// FEATURESCALE_BLAS=managed) and the managed provider, each against independent naive loops and each other.
/// A wrong kernel, a wrong transpose convention or a mishandled leading dimension cannot pass.
/// </summary>
[Trait("Category", "Backend")]
public class LinearAlgebraTests
{
    public static TheoryData<string> Providers => new() { "active", "managed" };

    private static ILinearAlgebra Get(string name) => name == "active" ? LinearAlgebra.Provider : new ManagedProvider();

    public static TheoryData<string, Transpose, Transpose, int, int, int> GemmCases()
    {
        var data = new TheoryData<string, Transpose, Transpose, int, int, int>();
        foreach (var p in new[] { "active", "managed" })
            foreach (var ta in new[] { Transpose.No, Transpose.Yes })
                foreach (var tb in new[] { Transpose.No, Transpose.Yes })
                {
                    data.Add(p, ta, tb, 13, 11, 17);
                    data.Add(p, ta, tb, 67, 45, 129);
                }
        return data;
    }

    [Theory]
    [MemberData(nameof(GemmCases))]
    public void Dgemm_matches_naive_loop_with_strides_and_beta(string provider, Transpose ta, Transpose tb, int m, int n, int k)
    {
        var la = Get(provider);
        int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
        int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
        int lda = aCols + 3, ldb = bCols + 2, ldc = n + 5;
        ulong seed = (ulong)(m * 1000 + (int)ta * 10 + (int)tb);
        var a = Naive.Random(aRows * lda, seed, "a");
        var b = Naive.Random(bRows * ldb, seed, "b");
        var c0 = Naive.Random(m * ldc, seed, "c");
        double alpha = -1.3, beta = 0.7;
        var (expected, scale) = Naive.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc);
        var c = (double[])c0.Clone();
        la.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                int idx = i * ldc + j;
                if (j >= n) { Assert.Equal(c0[idx], c[idx]); continue; } // padding untouched
                Assert.True(Math.Abs(c[idx] - expected[idx]) <= (k + 4) * 2.3e-16 * scale[idx],
                    $"C[{i},{j}] = {c[idx]}, expected {expected[idx]}");
            }
        if (provider == "active")
        {
            var cm = (double[])c0.Clone();
            new ManagedProvider().Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, cm, ldc);
            for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(c[i] - cm[i]) <= 2 * (k + 4) * 2.3e-16 * (scale[i] + 1e-300) || c[i] == cm[i]);
        }
    }

    [Theory]
    [MemberData(nameof(GemmCases))]
    public void Sgemm_matches_naive_loop_with_strides_and_beta(string provider, Transpose ta, Transpose tb, int m, int n, int k)
    {
        var la = Get(provider);
        int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
        int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
        int lda = aCols + 1, ldb = bCols + 4, ldc = n + 2;
        ulong seed = (ulong)(m * 977 + (int)ta * 10 + (int)tb);
        var a = Naive.RandomF(aRows * lda, seed, "a");
        var b = Naive.RandomF(bRows * ldb, seed, "b");
        var c0 = Naive.RandomF(m * ldc, seed, "c");
        float alpha = 0.9f, beta = -0.4f;
        var (expected, scale) = Naive.Gemm(ta, tb, m, n, k, alpha, a.Select(v => (double)v).ToArray(), lda,
            b.Select(v => (double)v).ToArray(), ldb, beta, c0.Select(v => (double)v).ToArray(), ldc);
        var c = (float[])c0.Clone();
        la.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                int idx = i * ldc + j;
                if (j >= n) { Assert.Equal(c0[idx], c[idx]); continue; }
                Assert.True(Math.Abs(c[idx] - expected[idx]) <= (k + 4) * 1.2e-7 * scale[idx],
                    $"C[{i},{j}] = {c[idx]}, expected {expected[idx]}");
            }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Gemm_with_beta_zero_ignores_NaN_in_C_and_k_zero_scales_C(string provider)
    {
        var la = Get(provider);
        int m = 5, n = 4, k = 3;
        var a = Naive.Random(m * k, 3, "a"); var b = Naive.Random(k * n, 3, "b");
        var c = Enumerable.Repeat(double.NaN, m * n).ToArray();
        la.Gemm(Transpose.No, Transpose.No, m, n, k, 1.0, a, k, b, n, 0.0, c, n);
        var expected = Naive.MatMul(a, m, k, b, n);
        Assert.True(Naive.MaxAbsDiff(c, expected) < 1e-14);
        var c2 = Enumerable.Repeat(2.0, m * n).ToArray();
        la.Gemm(Transpose.No, Transpose.No, m, n, 0, 1.0, a, 1, b, n, 0.5, c2, n);
        Assert.All(c2, v => Assert.Equal(1.0, v));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Gemm_rejects_buffers_too_small_for_the_strides(string provider)
    {
        var la = Get(provider);
        var a = new double[10]; var b = new double[12]; var c = new double[12];
        Assert.Throws<ArgumentException>(() => la.Gemm(Transpose.No, Transpose.No, 3, 4, 4, 1, a, 4, b, 4, 0, c, 4));
        Assert.Throws<ArgumentException>(() => la.Gemm(Transpose.No, Transpose.No, 2, 4, 3, 1, a, 2, b, 4, 0, c, 4));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Gemv_both_ways_matches_naive(string provider)
    {
        var la = Get(provider);
        int m = 23, n = 17, lda = 20;
        var a = Naive.Random(m * lda, 5, "a");
        foreach (var t in new[] { Transpose.No, Transpose.Yes })
        {
            int xn = t == Transpose.No ? n : m, yn = t == Transpose.No ? m : n;
            var x = Naive.Random(xn, 5, "x"); var y0 = Naive.Random(yn, 5, "y");
            var y = (double[])y0.Clone();
            la.Gemv(t, m, n, 1.5, a, lda, x, -0.25, y);
            for (int i = 0; i < yn; i++)
            {
                double s = 0;
                for (int p = 0; p < xn; p++) s += (t == Transpose.No ? a[i * lda + p] : a[p * lda + i]) * x[p];
                Assert.Equal(1.5 * s - 0.25 * y0[i], y[i], 1e-12);
            }
            var yf = y0.Select(v => (float)v).ToArray();
            la.Gemv(t, m, n, 1.5f, a.Select(v => (float)v).ToArray(), lda, x.Select(v => (float)v).ToArray(), -0.25f, yf);
            for (int i = 0; i < yn; i++) Assert.Equal(y[i], yf[i], 1e-4);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Syrk_both_ways_fills_the_full_symmetric_matrix(string provider)
    {
        var la = Get(provider);
        int n = 19, k = 31;
        foreach (var t in new[] { Transpose.No, Transpose.Yes })
        {
            int rows = t == Transpose.No ? n : k, cols = t == Transpose.No ? k : n, lda = cols + 2, ldc = n + 3;
            var a = Naive.Random(rows * lda, 8, "a");
            var sym = Naive.Symmetric(n, 8);
            var c0 = new double[n * ldc];
            for (int i = 0; i < n; i++) for (int j = 0; j < ldc; j++) c0[i * ldc + j] = j < n ? sym[i * n + j] : 99;
            var c = (double[])c0.Clone();
            la.Syrk(t, n, k, 0.8, a, lda, 0.3, c, ldc);
            // A Aᵀ (t = No) or Aᵀ A (t = Yes) = op(A) op(A)ᵀ with op(A) n×k.
            var (expected, scale) = Naive.Gemm(t, t == Transpose.No ? Transpose.Yes : Transpose.No, n, n, k, 0.8, a, lda, a, lda, 0.3, c0, ldc);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < ldc; j++)
                {
                    int idx = i * ldc + j;
                    if (j >= n) Assert.Equal(99, c[idx]);
                    else Assert.True(Math.Abs(c[idx] - expected[idx]) <= (k + 4) * 2.3e-16 * scale[idx], $"C[{i},{j}] ({t})");
                }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Dot_and_axpy_match_naive(string provider)
    {
        var la = Get(provider);
        foreach (int len in new[] { 0, 1, 7, 1001 })
        {
            var x = Naive.Random(len, 9, "x"); var y = Naive.Random(len, 9, "y");
            Assert.Equal(Naive.Dot(x, y), la.Dot(x, y), 1e-12);
            var xf = x.Select(v => (float)v).ToArray(); var yf = y.Select(v => (float)v).ToArray();
            Assert.Equal(Naive.Dot(xf.Select(v => (double)v).ToArray(), yf.Select(v => (double)v).ToArray()), la.Dot(xf, yf), 1e-3);
            var z = (double[])y.Clone();
            la.Axpy(-2.5, x, z);
            for (int i = 0; i < len; i++) Assert.Equal(y[i] - 2.5 * x[i], z[i], 1e-15 * (Math.Abs(y[i]) + 2.5 * Math.Abs(x[i]))); // FMA or not: ≤ 1 ulp apart
            var zf = (float[])yf.Clone();
            la.Axpy(-2.5f, xf, zf);
            for (int i = 0; i < len; i++) Assert.Equal(yf[i] - 2.5f * xf[i], zf[i], 1e-5);
        }
        Assert.Throws<ArgumentException>(() => la.Dot(new double[3], new double[4]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Cholesky_factor_reconstructs_A_and_solve_has_small_residual(string provider)
    {
        var la = Get(provider);
        int n = 40;
        var a = Naive.Spd(n, 11);
        var l = (double[])a.Clone();
        la.CholeskyFactor(l, n);
        for (int i = 0; i < n; i++)
        {
            Assert.True(l[i * n + i] > 0);
            for (int j = i + 1; j < n; j++) Assert.Equal(0.0, l[i * n + j]);
        }
        var llt = Naive.MatMul(l, n, n, Naive.Transposed(l, n, n), n);
        Assert.True(Naive.MaxAbsDiff(llt, a) <= 1e-12 * Naive.MaxAbs(a));
        foreach (int nrhs in new[] { 1, 3 })
        {
            var b = Naive.Random(n * nrhs, 12, "rhs" + nrhs);
            var x = (double[])b.Clone();
            la.CholeskySolve(l, n, x, nrhs);
            var ax = Naive.MatMul(a, n, n, x, nrhs);
            Assert.True(Naive.MaxAbsDiff(ax, b) <= 1e-11 * Naive.MaxAbs(b), $"residual with {nrhs} right-hand sides");
        }
        if (provider == "active")
        {
            var lm = (double[])a.Clone();
            new ManagedProvider().CholeskyFactor(lm, n);
            Assert.True(Naive.MaxAbsDiff(l, lm) <= 1e-12 * Naive.MaxAbs(l));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Cholesky_of_an_indefinite_matrix_throws_with_the_failing_order(string provider)
    {
        var la = Get(provider);
        // Leading minors 4, 4·3−1 = 11 > 0, then the third pivot is negative.
        double[] a = [4, 1, 0, 1, 3, 2, 0, 2, -5];
        var e = Assert.Throws<NotPositiveDefiniteException>(() => la.CholeskyFactor(a, 3));
        Assert.Equal(3, e.Order);
        double[] b = [0, 0, 0, 1];
        Assert.Equal(1, Assert.Throws<NotPositiveDefiniteException>(() => la.CholeskyFactor(b, 2)).Order);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Symmetric_eigen_gives_orthonormal_eigenvectors_ascending(string provider)
    {
        var la = Get(provider);
        int n = 30;
        var a = Naive.Symmetric(n, 13);
        var v = (double[])a.Clone();
        var w = new double[n];
        la.SymmetricEigen(v, n, w);
        for (int j = 1; j < n; j++) Assert.True(w[j] >= w[j - 1], "eigenvalues ascending");
        var av = Naive.MatMul(a, n, n, v, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) Assert.Equal(v[i * n + j] * w[j], av[i * n + j], 1e-11);
        var vtv = Naive.MatMul(Naive.Transposed(v, n, n), n, n, v, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) Assert.Equal(i == j ? 1.0 : 0.0, vtv[i * n + j], 1e-12);
        double trace = 0; for (int i = 0; i < n; i++) trace += a[i * n + i];
        Assert.Equal(trace, w.Sum(), 1e-11);
        if (provider == "active")
        {
            var wm = new double[n];
            new ManagedProvider().SymmetricEigen((double[])a.Clone(), n, wm);
            Assert.True(Naive.MaxAbsDiff(w, wm) <= 1e-12 * Naive.MaxAbs(w));
        }
    }

    [Theory]
    [InlineData("active", 25, 12)]
    [InlineData("active", 12, 25)]
    [InlineData("managed", 25, 12)]
    [InlineData("managed", 12, 25)]
    [InlineData("active", 9, 9)]
    public void Svd_reconstructs_A_with_orthonormal_factors_descending(string provider, int m, int n)
    {
        var la = Get(provider);
        int k = Math.Min(m, n);
        var a = Naive.Random(m * n, (ulong)(m * 31 + n), "svd");
        var a0 = (double[])a.Clone();
        var s = new double[k]; var u = new double[m * k]; var vt = new double[k * n];
        la.Svd(a, m, n, s, u, vt);
        Assert.Equal(a0, a); // input not modified
        for (int j = 1; j < k; j++) Assert.True(s[j] <= s[j - 1] && s[j] >= 0, "singular values descending and ≥ 0");
        var us = new double[m * k];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i * k + j] = u[i * k + j] * s[j];
        Assert.True(Naive.MaxAbsDiff(Naive.MatMul(us, m, k, vt, n), a) <= 1e-12 * s[0]);
        var utu = Naive.MatMul(Naive.Transposed(u, m, k), k, m, u, k);
        var vvt = Naive.MatMul(vt, k, n, Naive.Transposed(vt, k, n), k);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                Assert.Equal(i == j ? 1.0 : 0.0, utu[i * k + j], 1e-12);
                Assert.Equal(i == j ? 1.0 : 0.0, vvt[i * k + j], 1e-12);
            }
        // Independent check: s² are the k largest eigenvalues of AᵀA (managed Jacobi on the Gram matrix).
        var gram = Naive.MatMul(Naive.Transposed(a, m, n), n, m, a, n);
        var ev = new double[n];
        new ManagedProvider().SymmetricEigen(gram, n, ev);
        for (int j = 0; j < k; j++) Assert.Equal(ev[n - 1 - j], s[j] * s[j], 1e-10 * s[0] * s[0]);
    }

    [Property(MaxTest = 40)]
    public bool Gemm_is_linear_in_A_and_transposes_consistently(PositiveInt seed, bool transA, bool transB)
    {
        // (A1 + 2 A2) B = A1 B + 2 A2 B, and (A B)ᵀ = Bᵀ Aᵀ, on random shapes.
        var la = LinearAlgebra.Provider;
        var rng = RandomStream.For((ulong)seed.Get, 0, "linearity");
        int m = 1 + rng.NextInt(40), n = 1 + rng.NextInt(40), k = 1 + rng.NextInt(40);
        var ta = transA ? Transpose.Yes : Transpose.No; var tb = transB ? Transpose.Yes : Transpose.No;
        int lda = transA ? m : k, ldb = transB ? k : n;
        var a1 = new double[m * k]; var a2 = new double[m * k]; var b = new double[k * n];
        rng.FillGaussian(a1); rng.FillGaussian(a2); rng.FillGaussian(b);
        var sum = a1.Zip(a2, (p, q) => p + 2 * q).ToArray();
        var c = new double[m * n]; var c1 = new double[m * n];
        la.Gemm(ta, tb, m, n, k, 1, sum, lda, b, ldb, 0, c, n);
        la.Gemm(ta, tb, m, n, k, 1, a1, lda, b, ldb, 0, c1, n);
        la.Gemm(ta, tb, m, n, k, 2, a2, lda, b, ldb, 1, c1, n);
        // Cᵀ (n×m) = op(B)ᵀ op(A)ᵀ: swap operands and flip the transposes.
        var ct = new double[n * m];
        la.Gemm(transB ? Transpose.No : Transpose.Yes, transA ? Transpose.No : Transpose.Yes, n, m, k, 1, b, ldb, sum, lda, 0, ct, m);
        double scale = 1e-12 * (1 + k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                if (Math.Abs(c[i * n + j] - c1[i * n + j]) > scale * 10 || Math.Abs(c[i * n + j] - ct[j * m + i]) > scale * 10) return false;
        return true;
    }

    [Fact]
    public void Set_threads_is_reported_back()
    {
        var la = new ManagedProvider();
        la.SetThreads(3);
        Assert.Equal(3, la.Threads);
        la.SetThreads(0);
        Assert.Equal(1, la.Threads);
    }

    [Fact]
    public void Single_threaded_scopes_are_counted_so_one_ending_does_not_end_another()
    {
        var outer = LinearAlgebra.SingleThreaded();
        Assert.Equal(1, LinearAlgebra.Provider.Threads);
        var inner = LinearAlgebra.SingleThreaded();
        outer.Dispose();
        outer.Dispose();                                        // twice is harmless: counted once
        Assert.Equal(1, LinearAlgebra.Provider.Threads);        // the inner scope still holds BLAS at one thread
        Assert.True(SingleThreadedBlas.Open >= 1);
        inner.Dispose();
    }
}
