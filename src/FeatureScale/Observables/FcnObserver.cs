using FeatureScale.Architectures;
using FeatureScale.Numerics;

namespace FeatureScale.Observables;

/// <summary>
/// Evaluates a network of a given architecture on a fixed test set in chunks (bounded memory) and returns the
/// observables of one parameter vector. One instance per chain (owns scratch buffers); the converted test
/// inputs may be shared.
/// </summary>
public sealed class FcnObserver<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly FcnArchitecture _arch;
    private readonly FullyConnectedNetwork<T>[] _nets;
    private readonly T[] _x;
    private readonly double[] _y;
    private readonly T[][] _features; // [feature][n]
    private readonly int _n, _chunk;
    private readonly double _yy;
    private readonly T[][] _acc;

    /// <summary>Number of features measured (<see cref="OverlapFeature"/>).</summary>
    public const int FeatureCount = 2;

    /// <summary>
    /// An observer for test inputs <paramref name="xTest"/> (n × d in T), targets, Φ* and the teacher's top degree.
    /// The test set is processed in chunks of <paramref name="chunkRows"/>, on up to <paramref name="threads"/> threads;
    /// chunk results are combined in chunk order, so the numbers do not depend on the thread count.
    /// </summary>
    public FcnObserver(FcnArchitecture arch, T[] xTest, double[] yTest, double[] phiTest, int targetDegree, int chunkRows = 1024, int threads = 1)
    {
        _arch = arch; _x = xTest; _y = yTest; _n = yTest.Length;
        _chunk = Math.Min(chunkRows, _n);
        int workers = Math.Max(1, Math.Min(threads, (_n + _chunk - 1) / _chunk));
        _nets = Enumerable.Range(0, workers).Select(_ => new FullyConnectedNetwork<T>(arch, xTest, null, _chunk)).ToArray();
        _acc = Enumerable.Range(0, workers).Select(_ => new T[arch.Widths.Max()]).ToArray();
        _features =
        [
            phiTest.Select(T.CreateTruncating).ToArray(),
            phiTest.Select(z => T.CreateTruncating(Hermite.Normalized(targetDegree, z))).ToArray(),
        ];
        _yy = yTest.Sum(v => v * v) / _n;
    }

    private sealed class ChunkResult(int hidden)
    {
        public double Fy, Se;
        public readonly double[][][] Overlaps = new double[hidden][][];
    }

    /// <summary>Measures A_f, the test MSE and all per-neuron overlaps at θ.</summary>
    public SampleObservables Measure(ReadOnlySpan<T> theta)
    {
        int hidden = _arch.Depth - 1;
        int chunks = (_n + _chunk - 1) / _chunk;
        var results = new ChunkResult[chunks];
        var th = theta.ToArray();
        if (_nets.Length == 1) for (int k = 0; k < chunks; k++) results[k] = MeasureChunk(0, k, th);
        else Parallel.For(0, _nets.Length, w => { for (int k = w; k < chunks; k += _nets.Length) results[k] = MeasureChunk(w, k, th); });
        var overlaps = new double[hidden][][];
        for (int l = 0; l < hidden; l++)
        {
            overlaps[l] = new double[FeatureCount][];
            for (int f = 0; f < FeatureCount; f++)
            {
                var o = overlaps[l][f] = new double[_arch.Width(l + 1)];
                foreach (var r in results) for (int i = 0; i < o.Length; i++) o[i] += r.Overlaps[l][f][i];
            }
        }
        double fy = 0, se = 0;
        foreach (var r in results) { fy += r.Fy; se += r.Se; }
        return new SampleObservables(fy / _n / _yy, se / _n, overlaps);
    }

    private ChunkResult MeasureChunk(int worker, int chunk, T[] theta)
    {
        int hidden = _arch.Depth - 1, d = _arch.InputDim;
        int start = chunk * _chunk, rows = Math.Min(_chunk, _n - start);
        var net = _nets[worker];
        var res = new ChunkResult(hidden);
        var f = net.Forward(theta, _x.AsSpan(start * d, rows * d), rows);
        for (int i = 0; i < rows; i++)
        {
            double fi = double.CreateTruncating(f[i]), yi = _y[start + i];
            res.Fy += fi * yi; res.Se += (fi - yi) * (fi - yi);
        }
        for (int l = 1; l <= hidden; l++)
        {
            int width = _arch.Width(l);
            var h = net.PreActivation(l);
            res.Overlaps[l - 1] = new double[FeatureCount][];
            for (int k = 0; k < FeatureCount; k++)
            {
                var acc = _acc[worker].AsSpan(0, width);
                Blas.Gemv(Transpose.Yes, rows, width, 1.0 / _n, h, width, _features[k].AsSpan(start, rows), 0.0, acc);
                var o = res.Overlaps[l - 1][k] = new double[width];
                for (int i = 0; i < width; i++) o[i] = double.CreateTruncating(acc[i]);
            }
        }
        return res;
    }
}
