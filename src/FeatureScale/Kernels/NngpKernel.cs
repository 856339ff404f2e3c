using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Kernels;

/// <summary>
/// The NNGP kernel of the fully connected network of Eq. 1 with L weight layers and prior variances σ_l²
/// (W^l_ij ~ N(0, σ_l²/N_{l−1})), in the infinite-width limit (Eq. 8 with the fluctuating kernels replaced by their
/// expectation):
/// K_0(x, x′) = σ_1² x·x′/d,  K_l(x, x′) = σ_{l+1}² E_{h ~ GP(0, K_{l−1})}[σ(h(x)) σ(h(x′))],  l = 1 … L−1.
/// The network output f has covariance K_{L−1}; <see cref="Depth"/> = L (so depth 2 is the two-layer network
/// f = Σ_i a_i σ(w_i·x)). Gram matrices use one BLAS product for the dot products and a vectorised element-wise
/// map per layer.
/// </summary>
public sealed class NngpKernel
{
    /// <summary>Creates the kernel; <paramref name="sigma2"/> holds σ_1² … σ_L² (its length is the depth L ≥ 1).</summary>
    public NngpKernel(Activation activation, IReadOnlyList<double> sigma2)
    {
        if (sigma2.Count < 1) throw new ConfigException("the network needs at least one layer (sigma2 has no entries)");
        foreach (var s in sigma2)
            if (!(s > 0) || !double.IsFinite(s)) throw new ConfigException($"prior variances sigma2 must be positive (got {s})");
        Activation = activation;
        Sigma2 = [.. sigma2];
    }

    /// <summary>A depth-L kernel with every σ_l² equal to <paramref name="sigma2"/>.</summary>
    public NngpKernel(Activation activation, int depth, double sigma2 = 1)
        : this(activation, depth >= 1 ? Enumerable.Repeat(sigma2, depth).ToArray() : throw new ConfigException("depth must be ≥ 1")) { }

    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }

    /// <summary>σ_1² … σ_L².</summary>
    public double[] Sigma2 { get; }

    /// <summary>Number of weight layers L.</summary>
    public int Depth => Sigma2.Length;

    /// <summary>
    /// Propagates a pre-activation covariance triple of layer 1, (K_0(x,x), K_0(x′,x′), K_0(x,x′)), to the output
    /// kernel triple of layer L−1 and returns the covariance entry.
    /// </summary>
    public double FromInputCovariance(double q1, double q2, double c)
    {
        for (int l = 1; l < Depth; l++)
        {
            double s = Sigma2[l];
            double nc = s * Activation.Covariance(q1, q2, c);
            double nq1 = s * Activation.Covariance(q1, q1, q1);
            double nq2 = q1 == q2 ? nq1 : s * Activation.Covariance(q2, q2, q2);
            (q1, q2, c) = (nq1, nq2, nc);
        }
        return c;
    }

    /// <summary>K(x, x′) from x·x, x′·x′ and x·x′ in dimension d.</summary>
    public double Evaluate(double xx, double yy, double xy, int d)
    {
        double s = Sigma2[0] / d;
        return FromInputCovariance(s * xx, s * yy, s * xy);
    }

    /// <summary>K(x, x′) for two input vectors.</summary>
    public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("inputs differ in dimension");
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < x.Length; i++) { xx += x[i] * x[i]; yy += y[i] * y[i]; xy += x[i] * y[i]; }
        return Evaluate(xx, yy, xy, x.Length);
    }

    /// <summary>
    /// K as a function of the normalised overlap t = x·x′/d for inputs with |x|² = |x′|² = d (the sphere of radius
    /// √d, where high-dimensional Gaussian inputs concentrate).
    /// </summary>
    public double OfOverlap(double t) => FromInputCovariance(Sigma2[0], Sigma2[0], Sigma2[0] * t);

    /// <summary>The per-layer diagonal q_l = K_l(x, x) for |x|² = d: q_0 = σ_1², q_l = σ_{l+1}² E[σ(u)²], u ~ N(0, q_{l−1}).</summary>
    public double[] DiagonalByLayer()
    {
        var q = new double[Depth];
        q[0] = Sigma2[0];
        for (int l = 1; l < Depth; l++) q[l] = Sigma2[l] * Activation.Covariance(q[l - 1], q[l - 1], q[l - 1]);
        return q;
    }

    /// <summary>K(x, x) for every row of x (n×d, row-major).</summary>
    public double[] Diagonal(ReadOnlySpan<double> x, int n, int d)
    {
        var q = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = LinearAlgebra.Provider.Dot(x.Slice(i * d, d), x.Slice(i * d, d));
            q[i] = Sigma2[0] * s / d;
        }
        for (int l = 1; l < Depth; l++)
            for (int i = 0; i < n; i++) q[i] = Sigma2[l] * Activation.Covariance(q[i], q[i], q[i]);
        return q;
    }

    /// <summary>
    /// The n×n Gram matrix K(x_i, x_j) (row-major) of the rows of x (n×d): one SYRK for the dot products, then the
    /// layer maps row by row in parallel. Memory: the result plus O(n) per layer.
    /// </summary>
    public double[] Gram(ReadOnlySpan<double> x, int n, int d)
    {
        var k = new double[(long)n * n <= int.MaxValue ? n * n : throw new ArgumentException($"an {n}×{n} Gram matrix does not fit one array; use GramBlocks")];
        Gram(x, n, d, k);
        return k;
    }

    /// <summary>The Gram matrix written into <paramref name="k"/> (n×n).</summary>
    public void Gram(ReadOnlySpan<double> x, int n, int d, Span<double> k)
    {
        if (x.Length < n * d || k.Length < n * n) throw new ArgumentException("buffer sizes do not match n and d");
        LinearAlgebra.Provider.Syrk(Transpose.No, n, d, Sigma2[0] / d, x, d, 0, k, n);
        var q = new double[n];
        for (int i = 0; i < n; i++) q[i] = k[i * n + i];
        MapLayers(k, n, q, q, n);
    }

    /// <summary>The n1×n2 cross-Gram matrix K(x1_i, x2_j) (row-major) by one GEMM plus the layer maps.</summary>
    public double[] CrossGram(ReadOnlySpan<double> x1, int n1, ReadOnlySpan<double> x2, int n2, int d)
    {
        var k = new double[n1 * n2];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, n1, n2, d, Sigma2[0] / d, x1, d, x2, d, 0, k, n2);
        var q1 = InputDiagonal(x1, n1, d);
        var q2 = InputDiagonal(x2, n2, d);
        MapLayers(k, n1, q1, q2, n2);
        return k;
    }

    /// <summary>
    /// Streams the n×n Gram matrix in blocks of <paramref name="blockRows"/> rows: for each block the callback gets
    /// (first row, rows, block as rows×n row-major). Memory stays at blockRows×n doubles whatever n is.
    /// </summary>
    public void GramBlocks(ReadOnlySpan<double> x, int n, int d, int blockRows, Action<int, int, ReadOnlyMemory<double>> onBlock)
    {
        if (blockRows < 1) throw new ArgumentOutOfRangeException(nameof(blockRows));
        var q = InputDiagonal(x, n, d);
        var buffer = new double[(long)Math.Min(blockRows, n) * n];
        for (int start = 0; start < n; start += blockRows)
        {
            int rows = Math.Min(blockRows, n - start);
            var block = buffer.AsSpan(0, rows * n);
            LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, rows, n, d, Sigma2[0] / d, x.Slice(start * d, rows * d), d, x, d, 0, block, n);
            MapLayers(block, rows, q.AsSpan(start, rows).ToArray(), q, n);
            onBlock(start, rows, buffer.AsMemory(0, rows * n));
        }
    }

    private double[] InputDiagonal(ReadOnlySpan<double> x, int n, int d)
    {
        var q = new double[n];
        for (int i = 0; i < n; i++) q[i] = Sigma2[0] * LinearAlgebra.Provider.Dot(x.Slice(i * d, d), x.Slice(i * d, d)) / d;
        return q;
    }

    // c (rows×cols) holds layer-0 covariances; qRow/qCol the layer-0 variances of the row and column points.
    private void MapLayers(Span<double> c, int rows, double[] qRow, double[] qCol, int cols)
    {
        if (Depth == 1) return;
        qRow = (double[])qRow.Clone();
        qCol = ReferenceEquals(qRow, qCol) ? qRow : (double[])qCol.Clone();
        bool shared = qRow.Length == qCol.Length && qRow.AsSpan().SequenceEqual(qCol);
        unsafe
        {
            fixed (double* p = c)
            {
                var ptr = (IntPtr)p;
                for (int l = 1; l < Depth; l++)
                {
                    double s = Sigma2[l];
                    var qr = qRow; var qc = qCol;
                    const int chunk = 16;
                    int chunks = (rows + chunk - 1) / chunk;
                    Parallel.For(0, chunks, b =>
                    {
                        var all = new Span<double>((double*)ptr, rows * cols);
                        int end = Math.Min(rows, (b + 1) * chunk);
                        for (int i = b * chunk; i < end; i++)
                        {
                            var row = all.Slice(i * cols, cols);
                            Activation.CovarianceRow(qr[i], qc, row);
                            if (s != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(row, s, row);
                        }
                    });
                    var nr = new double[rows];
                    for (int i = 0; i < rows; i++) nr[i] = s * Activation.Covariance(qr[i], qr[i], qr[i]);
                    if (shared) { qRow = nr; qCol = nr; }
                    else
                    {
                        var nc = new double[cols];
                        for (int j = 0; j < cols; j++) nc[j] = s * Activation.Covariance(qc[j], qc[j], qc[j]);
                        qRow = nr; qCol = nc;
                    }
                }
            }
        }
    }

    public override string ToString() => $"NNGP[{Activation.Name}, depth {Depth}, sigma2 = ({string.Join(", ", Sigma2)})]";
}
