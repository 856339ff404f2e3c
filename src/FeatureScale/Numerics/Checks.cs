namespace FeatureScale.Numerics;

/// <summary>Argument checks shared by the linear-algebra providers, so both reject the same bad calls.</summary>
internal static class Checks
{
    public static void Gemm(Transpose ta, Transpose tb, int m, int n, int k, int aLen, int lda, int bLen, int ldb, int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException("gemm: negative dimension");
        int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
        int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
        Operand("A", aRows, aCols, aLen, lda);
        Operand("B", bRows, bCols, bLen, ldb);
        Operand("C", m, n, cLen, ldc);
    }

    public static void Gemv(Transpose ta, int m, int n, int aLen, int lda, int xLen, int yLen)
    {
        if (m < 0 || n < 0) throw new ArgumentException("gemv: negative dimension");
        Operand("A", m, n, aLen, lda);
        int xn = ta == Transpose.No ? n : m, yn = ta == Transpose.No ? m : n;
        if (xLen < xn || yLen < yn) throw new ArgumentException($"gemv: x needs {xn} entries and y {yn}");
    }

    public static void Syrk(Transpose trans, int n, int k, int aLen, int lda, int cLen, int ldc)
    {
        if (n < 0 || k < 0) throw new ArgumentException("syrk: negative dimension");
        Operand("A", trans == Transpose.No ? n : k, trans == Transpose.No ? k : n, aLen, lda);
        Operand("C", n, n, cLen, ldc);
    }

    public static void Svd(int aLen, int m, int n, int sLen, int uLen, int vtLen)
    {
        int k = Math.Min(m, n);
        if (aLen < m * n || sLen < k || uLen < m * k || vtLen < k * n)
            throw new ArgumentException($"svd: buffers too small for {m}×{n} (need s {k}, U {m}×{k}, Vᵀ {k}×{n})");
    }

    public static void Square(int len, int n)
    {
        if (n < 0 || len != n * n) throw new ArgumentException($"expected a {n}×{n} matrix, got {len} entries");
    }

    public static void SameLength(int a, int b)
    {
        if (a != b) throw new ArgumentException($"vectors differ in length ({a} vs {b})");
    }

    private static void Operand(string name, int rows, int cols, int len, int ld)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new ArgumentException($"{name}: leading dimension {ld} < {cols} columns");
        if (len < (long)(rows - 1) * ld + cols) throw new ArgumentException($"{name}: {len} entries cannot hold {rows}×{cols} with stride {ld}");
    }
}
