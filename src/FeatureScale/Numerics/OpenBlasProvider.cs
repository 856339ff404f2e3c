using System.Runtime.InteropServices;

namespace FeatureScale.Numerics;

/// <summary>
/// OpenBLAS through P/Invoke: CBLAS for level 1–3 and LAPACK's Fortran symbols (Debian's build has no LAPACKE).
/// Function pointers are resolved once, when the library is loaded.
/// </summary>
public sealed unsafe class OpenBlasProvider : ILinearAlgebra
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112, Lower = 122;

    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemv;
    private readonly delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemv;
    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> _dsyrk;
    private readonly delegate* unmanaged<int, double*, int, double*, int, double> _ddot;
    private readonly delegate* unmanaged<int, float*, int, float*, int, float> _sdot;
    private readonly delegate* unmanaged<int, double, double*, int, double*, int, void> _daxpy;
    private readonly delegate* unmanaged<int, float, float*, int, float*, int, void> _saxpy;
    private readonly delegate* unmanaged<byte*, int*, double*, int*, int*, nuint, void> _dpotrf;
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, nuint, void> _dpotrs;
    private readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> _dsyevd;
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void> _dgesdd;
    private readonly delegate* unmanaged<int, void> _setThreads;
    private readonly delegate* unmanaged<int> _getThreads;
    private readonly delegate* unmanaged<byte*> _coreName;

    private OpenBlasProvider(nint lib)
    {
        nint F(string name) => NativeLibrary.GetExport(lib, name);
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)F("cblas_dgemm");
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)F("cblas_sgemm");
        _dgemv = (delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)F("cblas_dgemv");
        _sgemv = (delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)F("cblas_sgemv");
        _dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)F("cblas_dsyrk");
        _ddot = (delegate* unmanaged<int, double*, int, double*, int, double>)F("cblas_ddot");
        _sdot = (delegate* unmanaged<int, float*, int, float*, int, float>)F("cblas_sdot");
        _daxpy = (delegate* unmanaged<int, double, double*, int, double*, int, void>)F("cblas_daxpy");
        _saxpy = (delegate* unmanaged<int, float, float*, int, float*, int, void>)F("cblas_saxpy");
        _dpotrf = (delegate* unmanaged<byte*, int*, double*, int*, int*, nuint, void>)F("dpotrf_");
        _dpotrs = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, nuint, void>)F("dpotrs_");
        _dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)F("dsyevd_");
        _dgesdd = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void>)F("dgesdd_");
        _setThreads = (delegate* unmanaged<int, void>)F("openblas_set_num_threads");
        _getThreads = (delegate* unmanaged<int>)F("openblas_get_num_threads");
        _coreName = (delegate* unmanaged<byte*>)F("openblas_get_corename");
    }

    /// <summary>Library names tried, in order.</summary>
    public static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", "openblas"];

    /// <summary>Loads OpenBLAS; returns null (with the reason) when it is absent or lacks a symbol.</summary>
    public static OpenBlasProvider? TryLoad(out string reason)
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            try
            {
                reason = "";
                return new OpenBlasProvider(lib);
            }
            catch (EntryPointNotFoundException e)
            {
                reason = $"{name} lacks a symbol: {e.Message}";
                return null;
            }
        }
        reason = "libopenblas.so.0 not found (apt-get install -y libopenblas0-pthread)";
        return null;
    }

    public string Name => "openblas";

    public string CoreName => Marshal.PtrToStringAnsi((nint)_coreName()) ?? "unknown";

    public int Threads => _getThreads();

    public void SetThreads(int threads) => _setThreads(Math.Max(1, threads));

    private static int T(Transpose t) => t == Transpose.No ? NoTrans : Trans;

    public void Gemm(Transpose ta, Transpose tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        Checks.Gemm(ta, tb, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (double* pa = a, pb = b, pc = c)
            _dgemm(RowMajor, T(ta), T(tb), m, n, k, alpha, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), beta, pc, Math.Max(1, ldc));
    }

    public void Gemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        Checks.Gemm(ta, tb, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a, pb = b, pc = c)
            _sgemm(RowMajor, T(ta), T(tb), m, n, k, alpha, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), beta, pc, Math.Max(1, ldc));
    }

    public void Gemv(Transpose ta, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        Checks.Gemv(ta, m, n, a.Length, lda, x.Length, y.Length);
        if (m == 0 || n == 0) { ManagedProvider.ScaleOrZero(beta, y); return; }
        fixed (double* pa = a, px = x, py = y)
            _dgemv(RowMajor, T(ta), m, n, alpha, pa, lda, px, 1, beta, py, 1);
    }

    public void Gemv(Transpose ta, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        Checks.Gemv(ta, m, n, a.Length, lda, x.Length, y.Length);
        if (m == 0 || n == 0) { ManagedProvider.ScaleOrZero(beta, y); return; }
        fixed (float* pa = a, px = x, py = y)
            _sgemv(RowMajor, T(ta), m, n, alpha, pa, lda, px, 1, beta, py, 1);
    }

    public void Syrk(Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    {
        if (n == 0) return;
        Checks.Syrk(trans, n, k, a.Length, lda, c.Length, ldc);
        fixed (double* pa = a, pc = c)
            _dsyrk(RowMajor, Lower, T(trans), n, k, alpha, pa, Math.Max(1, lda), beta, pc, ldc);
        ManagedProvider.MirrorLowerToUpper(c, n, ldc);
    }

    public double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Checks.SameLength(x.Length, y.Length);
        fixed (double* px = x, py = y) return _ddot(x.Length, px, 1, py, 1);
    }

    public float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Checks.SameLength(x.Length, y.Length);
        fixed (float* px = x, py = y) return _sdot(x.Length, px, 1, py, 1);
    }

    public void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        Checks.SameLength(x.Length, y.Length);
        fixed (double* px = x, py = y) _daxpy(x.Length, alpha, px, 1, py, 1);
    }

    public void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        Checks.SameLength(x.Length, y.Length);
        fixed (float* px = x, py = y) _saxpy(x.Length, alpha, px, 1, py, 1);
    }

    public void CholeskyFactor(Span<double> a, int n)
    {
        Checks.Square(a.Length, n);
        if (n == 0) return;
        // Row-major lower L is column-major upper U = Lᵀ: factor with uplo = 'U'.
        byte uplo = (byte)'U';
        int nn = n, lda = n, info = 0;
        fixed (double* pa = a) _dpotrf(&uplo, &nn, pa, &lda, &info, 1);
        if (info > 0) throw new NotPositiveDefiniteException(info);
        if (info < 0) throw new ArgumentException($"dpotrf: argument {-info} is invalid");
        ManagedProvider.ZeroStrictUpper(a, n);
    }

    public void CholeskySolve(ReadOnlySpan<double> l, int n, Span<double> b, int nrhs)
    {
        Checks.Square(l.Length, n);
        if (b.Length != n * nrhs) throw new ArgumentException($"right-hand side has {b.Length} entries, expected {n}×{nrhs}");
        if (n == 0 || nrhs == 0) return;
        // LAPACK wants B column-major (n×nrhs): transpose in and out unless nrhs = 1.
        double[]? bt = nrhs == 1 ? null : ManagedProvider.Transposed(b, n, nrhs);
        byte uplo = (byte)'U';
        int nn = n, nr = nrhs, lda = n, ldb = n, info = 0;
        fixed (double* pl = l)
        fixed (double* pb = bt is null ? b : bt)
            _dpotrs(&uplo, &nn, &nr, pl, &lda, pb, &ldb, &info, 1);
        if (info != 0) throw new ArgumentException($"dpotrs: argument {-info} is invalid");
        if (bt is not null) ManagedProvider.TransposeInto(bt, nrhs, n, b);
    }

    public void SymmetricEigen(Span<double> a, int n, Span<double> w)
    {
        Checks.Square(a.Length, n);
        if (w.Length != n) throw new ArgumentException("eigenvalue buffer must have n entries");
        if (n == 0) return;
        byte jobz = (byte)'V', uplo = (byte)'U';
        int nn = n, lda = n, lwork = -1, liwork = -1, info = 0, iworkQuery = 0;
        double workQuery = 0;
        fixed (double* pa = a, pw = w)
        {
            _dsyevd(&jobz, &uplo, &nn, pa, &lda, pw, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1);
            lwork = (int)workQuery;
            liwork = iworkQuery;
            var work = new double[lwork];
            var iwork = new int[liwork];
            fixed (double* pwork = work)
            fixed (int* piwork = iwork)
                _dsyevd(&jobz, &uplo, &nn, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
        }
        if (info != 0) throw new InvalidOperationException($"dsyevd failed (info = {info})");
        // Column-major V is row-major Vᵀ: transpose so that columns hold eigenvectors.
        ManagedProvider.TransposeSquareInPlace(a, n);
    }

    public void Svd(ReadOnlySpan<double> a, int m, int n, Span<double> s, Span<double> u, Span<double> vt)
    {
        int k = Math.Min(m, n);
        Checks.Svd(a.Length, m, n, s.Length, u.Length, vt.Length);
        if (k == 0) return;
        // Row-major A (m×n) is column-major Aᵀ (n×m) = V S Uᵀ. dgesdd on Aᵀ returns its "U" = V (n×k, column-major,
        // i.e. row-major Vᵀ, k×n) and its "VT" = Uᵀ (k×m column-major, i.e. row-major U, m×k).
        var at = a.ToArray();
        byte jobz = (byte)'S';
        int rows = n, cols = m, lda = n, ldu = n, ldvt = k, lwork = -1, info = 0;
        var iwork = new int[8 * k];
        double workQuery = 0;
        fixed (double* pa = at, ps = s, pu = vt, pvt = u)
        fixed (int* piwork = iwork)
        {
            _dgesdd(&jobz, &rows, &cols, pa, &lda, ps, pu, &ldu, pvt, &ldvt, &workQuery, &lwork, piwork, &info, 1);
            lwork = (int)workQuery;
            var work = new double[lwork];
            fixed (double* pwork = work)
                _dgesdd(&jobz, &rows, &cols, pa, &lda, ps, pu, &ldu, pvt, &ldvt, pwork, &lwork, piwork, &info, 1);
        }
        if (info != 0) throw new InvalidOperationException($"dgesdd failed (info = {info})");
    }
}
