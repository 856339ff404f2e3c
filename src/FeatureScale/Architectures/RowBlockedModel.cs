using System.Numerics.Tensors;
using FeatureScale.Sampling;

namespace FeatureScale.Architectures;

/// <summary>
/// A model whose data term is a sum over row blocks of the training set, L = Σ_k L_k, each block evaluated by its
/// own part (same architecture, same θ, a slice of the data). Parts run in parallel with single-threaded BLAS and
/// the partial losses and gradients are summed in block order, so the result is bit-identical for any thread
/// count (multi-threaded BLAS is not: its reduction order depends on the threads).
/// </summary>
public sealed class RowBlockedModel<T> : IPosteriorModel<T>, IGaussianReadout<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IPosteriorModel<T>[] _parts;
    private readonly T[][] _gradients;
    private readonly double[] _losses;
    private readonly T[] _theta, _sum;

    /// <summary>Threads used to evaluate the parts.</summary>
    public int Threads { get; set; }

    /// <summary>Wraps parts that share one parameter layout.</summary>
    public RowBlockedModel(IReadOnlyList<IPosteriorModel<T>> parts, int threads)
    {
        if (parts.Count == 0) throw new ArgumentException("need at least one part");
        _parts = parts.ToArray();
        if (_parts.Any(p => p.ParameterCount != _parts[0].ParameterCount)) throw new ArgumentException("parts differ in parameter count");
        _gradients = _parts.Select(p => new T[p.ParameterCount]).ToArray();
        _losses = new double[_parts.Length];
        _theta = new T[ParameterCount]; _sum = new T[ParameterCount];
        Threads = Math.Max(1, threads);
    }

    /// <summary>Multiply-adds per row block below which a block is not worth its own GEMM calls (≈ 0.1 ms of work).</summary>
    public const long MinBlockWork = 1L << 21;

    /// <summary>
    /// How many row blocks a batch of <paramref name="rows"/> is cut into: at most 12 (≥ 256 rows: 4, ≥ 1536: 12), and
    /// fewer when a block would hold less than <see cref="MinBlockWork"/> multiply-adds (<paramref name="workPerRow"/>
    /// per row; for a network, its parameter count). Depends on the problem only, never on threads.
    /// </summary>
    public static int BlockCount(int rows, long workPerRow = long.MaxValue / (1L << 32))
    {
        int bySize = rows < 256 ? 1 : rows < 1536 ? 4 : 12;
        long byWork = Math.Max(1, rows * Math.Max(1, workPerRow) / MinBlockWork);
        return (int)Math.Min(bySize, byWork);
    }

    /// <summary>Row ranges [start, end) of the blocks (see <see cref="BlockCount"/>).</summary>
    public static (int Start, int Count)[] Ranges(int rows, long workPerRow = long.MaxValue / (1L << 32))
    {
        int k = BlockCount(rows, workPerRow);
        return Enumerable.Range(0, k).Select(b => { int s = (int)((long)rows * b / k), e = (int)((long)rows * (b + 1) / k); return (s, e - s); }).ToArray();
    }

    /// <inheritdoc/>
    public int ParameterCount => _parts[0].ParameterCount;
    /// <inheritdoc/>
    public IReadOnlyList<ParameterBlock> Blocks => _parts[0].Blocks;

    /// <inheritdoc/>
    public double LossAndGradient(ReadOnlySpan<T> theta, Span<T> gradient, ReadOnlySpan<bool> skipBlocks = default)
    {
        if (_parts.Length == 1) return _parts[0].LossAndGradient(theta, gradient, skipBlocks);
        var th = _theta;
        theta.CopyTo(th);
        var skip = skipBlocks.IsEmpty ? null : skipBlocks.ToArray();
        if (Threads == 1)
            for (int k = 0; k < _parts.Length; k++) _losses[k] = _parts[k].LossAndGradient(th, _gradients[k], skip);
        else
            Parallel.For(0, _parts.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads },
                k => _losses[k] = _parts[k].LossAndGradient(th, _gradients[k], skip));
        // Sum in block order; the parameter range is split over threads (each entry summed in the same order).
        int n = ParameterCount;
        var g = _gradients;
        var outArr = _sum;
        int chunks = Threads == 1 || n < 16384 ? 1 : Threads;
        int per = ((n + chunks - 1) / chunks + 63) / 64 * 64;
        void Reduce(int c)
        {
            int start = c * per, len = Math.Min(per, n - start);
            if (len <= 0) return;
            var dst = outArr.AsSpan(start, len);
            g[0].AsSpan(start, len).CopyTo(dst);
            for (int k = 1; k < g.Length; k++) TensorPrimitives.Add(dst, g[k].AsSpan(start, len), dst);
        }
        if (chunks == 1) Reduce(0);
        else Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Threads }, Reduce);
        outArr.CopyTo(gradient);
        double loss = 0;
        foreach (var l in _losses) loss += l;
        return loss;
    }

    /// <summary>The parts' read-out block (when every part exposes one; else reading it throws).</summary>
    public int ReadoutBlock => Readouts()[0].ReadoutBlock;

    /// <summary>Sums the parts' read-out moments in block order (parts evaluated in parallel into their own buffers).</summary>
    public void AddReadoutMoments(ReadOnlySpan<T> theta, Span<double> gram, Span<double> rhs)
    {
        var parts = Readouts();
        var th = _theta;
        theta.CopyTo(th);
        int gl = gram.Length, rl = rhs.Length;
        var grams = parts.Select(_ => new double[gl]).ToArray();
        var rhss = parts.Select(_ => new double[rl]).ToArray();
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads },
            k => parts[k].AddReadoutMoments(th, grams[k], rhss[k]));
        for (int k = 0; k < parts.Length; k++)
        {
            TensorPrimitives.Add(gram, grams[k], gram);
            TensorPrimitives.Add(rhs, rhss[k], rhs);
        }
    }

    private IGaussianReadout<T>[] Readouts() =>
        _parts.All(p => p is IGaussianReadout<T>) ? _parts.Cast<IGaussianReadout<T>>().ToArray()
            : throw new ConfigException("the read-out Gibbs move needs a model whose read-out is linear-Gaussian (the FCN under MSE loss)");

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<T> theta)
    {
        double loss = 0;
        foreach (var p in _parts) loss += p.Loss(theta);
        return loss;
    }
}
