using FeatureScale.Numerics;

namespace FeatureScale.Tests.Numerics;

/// <summary>Independent, deliberately naive reference implementations (triple loops, no blocking, no SIMD).</summary>
internal static class Naive
{
    public static double[] Random(int len, ulong seed, string purpose)
    {
        var v = new double[len];
        RandomStream.For(seed, 0, purpose).FillGaussian(v);
        return v;
    }

    public static float[] RandomF(int len, ulong seed, string purpose)
    {
        var v = new float[len];
        RandomStream.For(seed, 0, purpose).FillGaussian(v);
        return v;
    }

    /// <summary>Element (i, j) of op(X) where X is stored row-major with stride ld.</summary>
    public static double Op(double[] x, Transpose t, int ld, int i, int j) => t == Transpose.No ? x[i * ld + j] : x[j * ld + i];

    /// <summary>C ← α op(A) op(B) + β C by a triple loop; also returns Σ_p |op(A)_ip||op(B)_pj| for error bounds.</summary>
    public static (double[] C, double[] Scale) Gemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c0, int ldc)
    {
        var c = (double[])c0.Clone();
        var scale = new double[c.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = Op(a, ta, lda, i, p) * Op(b, tb, ldb, p, j);
                    s += t; abs += Math.Abs(t);
                }
                c[i * ldc + j] = alpha * s + beta * c0[i * ldc + j];
                scale[i * ldc + j] = Math.Abs(alpha) * abs + Math.Abs(beta * c0[i * ldc + j]) + 1e-300;
            }
        return (c, scale);
    }

    public static double Dot(double[] x, double[] y) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * y[i]; return s; }

    /// <summary>Row-major product of an m×k and a k×n matrix.</summary>
    public static double[] MatMul(double[] a, int m, int k, double[] b, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { double s = 0; for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j]; c[i * n + j] = s; }
        return c;
    }

    public static double[] Transposed(double[] a, int rows, int cols)
    {
        var t = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }

    /// <summary>A random symmetric positive-definite matrix G Gᵀ + n I.</summary>
    public static double[] Spd(int n, ulong seed)
    {
        var g = Random(n * n, seed, "spd");
        var a = MatMul(g, n, n, Transposed(g, n, n), n);
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        return a;
    }

    public static double[] Symmetric(int n, ulong seed)
    {
        var g = Random(n * n, seed, "sym");
        var a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
        return a;
    }

    public static double MaxAbs(ReadOnlySpan<double> x) { double m = 0; foreach (var v in x) m = Math.Max(m, Math.Abs(v)); return m; }

    public static double MaxAbsDiff(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Assert.Equal(x.Length, y.Length);
        double m = 0;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - y[i]));
        return m;
    }
}
