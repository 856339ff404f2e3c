using System.Diagnostics;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Architectures;

/// <summary>
/// The FCN of Eq. 1 evaluated on a whole batch (the training set, or a chunk of a test set) with GEMMs, and the
/// hand-derived gradient of L = ½ Σ_ν (f(x_ν) − y_ν)² for any depth (back-propagation written out):
/// with r = f − y, ∂L/∂w^L = σ(H^{L−1})ᵀ r; Δ^{L−1} = σ′(H^{L−1}) ⊙ (r w^Lᵀ); ∂L/∂W^l = Δ^lᵀ σ(H^{l−1});
/// Δ^{l−1} = σ′(H^{l−1}) ⊙ (Δ^l W^l), with σ(H^0) = X.
/// One instance holds the buffers for one chain; element-wise work can be split over threads
/// (<see cref="ElementwiseThreads"/>) without changing any result.
/// </summary>
public sealed class FullyConnectedNetwork<T> : IPosteriorModel<T>, IGaussianReadout<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly FcnArchitecture _arch;
    private readonly ParameterBlock[] _blocks;
    private readonly T[] _x;       // rows × d
    private readonly T[]? _y;      // rows
    private readonly int _capacity;
    private int _rows;
    private readonly T[][] _h, _a, _da; // per hidden layer l = 1..L−1 (index l−1): rows × N_l
    private readonly T[] _f, _r;
    private readonly T[] _rowActivation; // one row of the last hidden layer's activations (fused read-out pass)

    /// <summary>Threads for element-wise work (activations, Δ products); 1 = inline.</summary>
    public int ElementwiseThreads { get; set; } = 1;

    /// <summary>Optional timing of GEMM vs element-wise work (for benchmarks); null = off.</summary>
    public FcnProfile? Profile { get; set; }

    /// <summary>A network bound to inputs <paramref name="x"/> (rows × d, row-major) and targets <paramref name="y"/>
    /// (may be null for evaluation only). The arrays are used in place, not copied.</summary>
    public FullyConnectedNetwork(FcnArchitecture arch, T[] x, T[]? y, int rows)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows));
        if (x.Length < rows * arch.InputDim) throw new ArgumentException("x is shorter than rows × d");
        if (y is not null && y.Length < rows) throw new ArgumentException("y is shorter than rows");
        _arch = arch; _blocks = arch.Blocks().ToArray();
        _x = x; _y = y; _capacity = rows; _rows = rows;
        int hidden = arch.Depth - 1;
        _h = new T[hidden][]; _a = new T[hidden][]; _da = new T[hidden][];
        for (int l = 1; l <= hidden; l++)
        {
            _h[l - 1] = new T[rows * arch.Width(l)];
            _a[l - 1] = new T[rows * arch.Width(l)];
            _da[l - 1] = new T[rows * arch.Width(l)];
        }
        _f = new T[rows]; _r = new T[rows];
        _rowActivation = new T[arch.Width(arch.Depth - 1)];
    }

    /// <summary>The architecture.</summary>
    public FcnArchitecture Architecture => _arch;
    /// <inheritdoc/>
    public int ParameterCount => _arch.ParameterCount;
    /// <inheritdoc/>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;
    /// <summary>The bound inputs (rows × d).</summary>
    public ReadOnlySpan<T> Inputs => _x.AsSpan(0, _capacity * _arch.InputDim);

    /// <summary>Rows the buffers hold.</summary>
    public int Capacity => _capacity;

    /// <summary>Outputs f of the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<T> Output => _f.AsSpan(0, _rows);

    /// <summary>Pre-activations h^l (rows × N_l) of the last forward pass, l = 1..L−1.</summary>
    public ReadOnlySpan<T> PreActivation(int layer) => _h[layer - 1].AsSpan(0, _rows * _arch.Width(layer));

    /// <summary>Forward pass on the first <paramref name="rows"/> rows of <paramref name="x"/> (default: the bound inputs).</summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> theta, ReadOnlySpan<T> x, int rows, bool keepDerivatives = false)
    {
        if (rows > _capacity) throw new ArgumentException($"batch of {rows} rows exceeds capacity {_capacity}");
        if (theta.Length != ParameterCount) throw new ArgumentException($"θ has {theta.Length} entries, the network {ParameterCount}");
        _rows = rows;
        int depth = _arch.Depth;
        var input = ForwardHidden(theta, x, rows, depth - 1, keepDerivatives ? 1 : depth);
        int last = _arch.Width(depth - 1);
        long s0 = Stamp();
        Blas.Gemv(Transpose.No, rows, last, 1.0, input, last, theta.Slice(_blocks[depth - 1].Offset, last), 0.0, _f);
        Profile?.AddGemm(Stamp() - s0);
        return _f.AsSpan(0, rows);
    }

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<T> theta)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        var f = Forward(theta, _x, _capacity);
        double s = 0;
        for (int i = 0; i < f.Length; i++) { double e = double.CreateTruncating(f[i] - _y[i]); s += e * e; }
        return 0.5 * s;
    }

    /// <inheritdoc/>
    public double LossAndGradient(ReadOnlySpan<T> theta, Span<T> gradient, ReadOnlySpan<bool> skipBlocks = default)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        if (gradient.Length != ParameterCount) throw new ArgumentException("gradient length differs from the parameter count");
        int rows = _capacity, depth = _arch.Depth;
        if (theta.Length != ParameterCount) throw new ArgumentException($"θ has {theta.Length} entries, the network {ParameterCount}");
        var skip = skipBlocks.IsEmpty ? null : skipBlocks.ToArray();
        bool Skip(int b) => skip is not null && skip[b];
        // The lowest layer whose weights need a gradient: back-propagation stops there.
        int lowest = depth;
        for (int l = 1; l <= depth; l++) if (!Skip(l - 1)) { lowest = l; break; }
        _rows = rows;

        // Forward through the hidden layers below the last one (activations and, where back-propagation reaches,
        // their derivatives), then the last hidden layer fused with the read-out, row by row.
        var input = ForwardHidden(theta, _x, rows, depth - 2, lowest);
        int last = _arch.Width(depth - 1);
        var readout = theta.Slice(_blocks[depth - 1].Offset, last);
        PreActivate(theta, input, depth - 1, rows);
        long t1 = Stamp();
        var gReadout = gradient.Slice(_blocks[depth - 1].Offset, last);
        double loss = ReadoutPass(rows, last, readout, gReadout, gradReadout: !Skip(depth - 1), delta: lowest < depth);
        Profile?.AddElementwise(Stamp() - t1);
        if (lowest == depth) return loss;

        for (int l = depth - 1; l >= lowest; l--)
        {
            int nIn = _arch.Width(l - 1), nOut = _arch.Width(l);
            var delta = _da[l - 1];
            ReadOnlySpan<T> below = l == 1 ? _x : _a[l - 2];
            long g0 = Stamp();
            if (!Skip(l - 1))
                Blas.Gemm(Transpose.Yes, Transpose.No, nOut, nIn, rows, 1.0, delta, nOut, below, nIn, 0.0, gradient.Slice(_blocks[l - 1].Offset, _blocks[l - 1].Length), nIn);
            if (l > lowest)
            {
                // Δ^{l−1} = σ′(H^{l−1}) ⊙ (Δ^l W^l): the product goes into H^{l−1}'s buffer (no longer needed).
                var w = theta.Slice(_blocks[l - 1].Offset, _blocks[l - 1].Length);
                Blas.Gemm(Transpose.No, Transpose.No, rows, nIn, nOut, 1.0, delta, nOut, w, nIn, 0.0, _h[l - 2], nIn);
                long g1 = Stamp(); Profile?.AddGemm(g1 - g0);
                MultiplyInto(_da[l - 2], _h[l - 2], rows * nIn);
                Profile?.AddElementwise(Stamp() - g1);
            }
            else Profile?.AddGemm(Stamp() - g0);
        }
        return loss;
    }

    /// <inheritdoc/>
    public int ReadoutBlock => _arch.Depth - 1;

    /// <summary>H = σ(h^{L−1}) on the bound rows (f = H w^L, f_rest = 0): adds HᵀH and Hᵀy.</summary>
    public void AddReadoutMoments(ReadOnlySpan<T> theta, Span<double> gram, Span<double> rhs)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        int rows = _capacity, n = _arch.Width(_arch.Depth - 1);
        _rows = rows;
        var a = ForwardHidden(theta, _x, rows, _arch.Depth - 1, _arch.Depth).Slice(0, rows * n);
        if (typeof(T) == typeof(double))
            LinearAlgebra.Provider.Syrk(Transpose.Yes, n, rows, 1.0, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(a), n, 1.0, gram, n);
        else
        {
            var ad = new double[a.Length];
            for (int i = 0; i < ad.Length; i++) ad[i] = double.CreateTruncating(a[i]);
            LinearAlgebra.Provider.Syrk(Transpose.Yes, n, rows, 1.0, ad, n, 1.0, gram, n);
        }
        for (int p = 0; p < rows; p++)
        {
            double y = double.CreateTruncating(_y[p]);
            var row = a.Slice(p * n, n);
            for (int i = 0; i < n; i++) rhs[i] += double.CreateTruncating(row[i]) * y;
        }
    }

    /// <summary>h^l = input W^lᵀ on the first <paramref name="rows"/> rows (one GEMM into the layer's buffer).</summary>
    private void PreActivate(ReadOnlySpan<T> theta, ReadOnlySpan<T> input, int l, int rows)
    {
        int nIn = _arch.Width(l - 1), nOut = _arch.Width(l);
        long t0 = Stamp();
        Blas.Gemm(Transpose.No, Transpose.Yes, rows, nOut, nIn, 1.0, input, nIn, theta.Slice(_blocks[l - 1].Offset, _blocks[l - 1].Length), nIn, 0.0, _h[l - 1], nOut);
        Profile?.AddGemm(Stamp() - t0);
    }

    /// <summary>
    /// Hidden layers 1…<paramref name="upTo"/>: pre-activations and activations, with σ′ kept from layer
    /// <paramref name="derivativeFrom"/> up. Returns the activations of layer upTo (x itself when upTo = 0).
    /// </summary>
    private ReadOnlySpan<T> ForwardHidden(ReadOnlySpan<T> theta, ReadOnlySpan<T> x, int rows, int upTo, int derivativeFrom)
    {
        ReadOnlySpan<T> input = x;
        for (int l = 1; l <= upTo; l++)
        {
            PreActivate(theta, input, l, rows);
            long t0 = Stamp();
            Activate(l, rows, derivative: l >= derivativeFrom);
            Profile?.AddElementwise(Stamp() - t0);
            input = _a[l - 1];
        }
        return input;
    }

    /// <summary>
    /// The last hidden layer fused with the read-out, one row (input) at a time so that the row stays in L1:
    /// a = σ(h) (in a row buffer), σ′(h); f = a·w; r = f − y; ∂L/∂w += r a; Δ^{L−1} = σ′(h) ⊙ w · r (in <c>_da</c>). Returns ½ Σ r². One pass over the P×N pre-activations instead of five (activation, output GEMV,
    /// read-out gradient GEMV, output delta); every row is computed by the same fixed operations, so the result does
    /// not depend on threads.
    /// </summary>
    private double ReadoutPass(int rows, int n, ReadOnlySpan<T> readout, Span<T> gReadout, bool gradReadout, bool delta)
    {
        var h = _h[_arch.Depth - 2]; var da = _da[_arch.Depth - 2];
        var aRow = _rowActivation;
        var act = _arch.Activation;
        var w = readout;
        if (gradReadout) gReadout.Clear();
        double loss = 0;
        for (int p = 0; p < rows; p++)
        {
            var hRow = h.AsSpan(p * n, n);
            var dRow = da.AsSpan(p * n, n);
            act.Apply(hRow, aRow, delta ? dRow : Span<T>.Empty);
            T f = System.Numerics.Tensors.TensorPrimitives.Dot(aRow, w);
            _f[p] = f;
            T r = f - _y![p];
            _r[p] = r;
            double rd = double.CreateTruncating(r);
            loss += rd * rd;
            if (gradReadout) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(aRow, r, gReadout, gReadout);
            if (delta)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(dRow, w, dRow);
                System.Numerics.Tensors.TensorPrimitives.Multiply(dRow, r, dRow);
            }
        }
        return 0.5 * loss;
    }

    private long Stamp() => Profile is null ? 0 : Stopwatch.GetTimestamp();

    private void Activate(int l, int rows, bool derivative)
    {
        int total = rows * _arch.Width(l);
        var h = _h[l - 1]; var a = _a[l - 1]; var da = _da[l - 1];
        var act = _arch.Activation;
        ParallelRanges(total, (start, len) =>
            act.Apply(h.AsSpan(start, len), a.AsSpan(start, len), derivative ? da.AsSpan(start, len) : Span<T>.Empty));
    }

    private void MultiplyInto(T[] target, T[] factor, int total) =>
        ParallelRanges(total, (start, len) =>
            System.Numerics.Tensors.TensorPrimitives.Multiply(target.AsSpan(start, len), factor.AsSpan(start, len), target.AsSpan(start, len)));

    private void ParallelRanges(int total, Action<int, int> body)
    {
        int threads = ElementwiseThreads;
        if (threads <= 1 || total < 32768) { body(0, total); return; }
        // Split on multiples of 64 elements so SIMD lanes see the same data whatever the thread count.
        int per = ((total + threads - 1) / threads + 63) / 64 * 64;
        Parallel.For(0, threads, t =>
        {
            int start = t * per;
            if (start < total) body(start, Math.Min(per, total - start));
        });
    }
}
