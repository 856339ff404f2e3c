using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>
/// The softmax attention head on the cubic target (§6.2, App. E.3). Observables on a fresh test set: A_f and test
/// MSE; head specialisation: per head [A_h]_12, [A_h]_13 (0-based (0,1), (0,2); the paper's indices 1..3) and
/// [w_h]_2, [w_h]_3, and summaries in units of the prior std (d·|A_12|, √(dH)·|w_2|, …): their means over heads, the
/// largest read-out spike, the number of heads with a spike (&gt; 3 prior std in [w_h]_2 or [w_h]_3), and the lazy
/// overlap Σ_h ([A_h]_12[w_h]_3 + [A_h]_13[w_h]_2) of Eq. 88.
/// </summary>
internal sealed class AttentionExperiment<T> : ArchTraining.Experiment<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly AttentionArchitecture _arch;
    private readonly double[] _x, _y, _xTest, _yTest;
    private readonly T[] _xT, _yT, _xTestT;
    private readonly int _p, _nTest;
    private readonly string[] _names;
    private const int Chunk = 100;

    public AttentionExperiment(ResolvedArchConfig rc)
    {
        var c = rc.Config;
        _arch = new AttentionArchitecture(c.D, c.ContextLength, c.Heads, rc.Sigma1, rc.Sigma2);
        (_x, _y) = AttentionData.Draw(c.P, c.ContextLength, c.D, RandomStream.For(c.Seed, 0, "train"));
        (_xTest, _yTest) = AttentionData.Draw(c.TestPoints, c.ContextLength, c.D, RandomStream.For(c.Seed, 0, "test"));
        _xT = _x.Select(T.CreateTruncating).ToArray(); _yT = _y.Select(T.CreateTruncating).ToArray();
        _xTestT = _xTest.Select(T.CreateTruncating).ToArray();
        _p = c.P; _nTest = c.TestPoints;
        var names = new List<string> { "alignment", "test_mse", "mean_abs_a12_z", "mean_abs_a13_z", "max_abs_w23_z", "spiked_heads", "lazy_overlap" };
        for (int h = 0; h < c.Heads; h++) names.AddRange([$"a12_h{h + 1}", $"a13_h{h + 1}", $"w2_h{h + 1}", $"w3_h{h + 1}"]);
        _names = names.ToArray();
    }

    public override string[] Names => _names;
    public override string Primary => "alignment";
    public override int ParameterCount => _arch.ParameterCount;
    public override int TrainCount => _p;
    public override double LossLimit => 1e6 * (_p + 0.5 * _y.Sum(v => v * v));
    public override IPosteriorModel<double> Probe(int threads) => ArchModels.BlockedAttention(_arch, _x, _y, _p, threads);
    public override IPosteriorModel<T> Model(int threads) => ArchModels.BlockedAttention(_arch, _xT, _yT, _p, threads);

    public override Func<T[], (double[] Values, (string Feature, double[] Values)[] Projections)> Measurer()
    {
        int tok = _arch.Length * _arch.Dim, chunk = Math.Min(Chunk, _nTest);
        var models = new Dictionary<int, (AttentionHead<T> Model, T[] X)>();
        int d = _arch.Dim, H = _arch.Heads;
        double sa = d, sw = Math.Sqrt((double)d * H); // 1 / prior std of A entries and of w entries (σ² = 1)
        sa /= Math.Sqrt(_arch.SigmaA2); sw /= Math.Sqrt(_arch.SigmaW2);
        return theta =>
        {
            double fy = 0, yy = 0, se = 0;
            for (int start = 0; start < _nTest; start += chunk)
            {
                int n = Math.Min(chunk, _nTest - start);
                if (!models.TryGetValue(n, out var m))
                {
                    var xb = new T[n * tok];
                    models[n] = m = (new AttentionHead<T>(_arch, xb, null, n), xb);
                }
                _xTestT.AsSpan(start * tok, n * tok).CopyTo(m.X);
                var f = m.Model.Forward(theta);
                for (int p = 0; p < n; p++)
                {
                    double fv = double.CreateTruncating(f[p]), y = _yTest[start + p];
                    fy += fv * y; yy += y * y; se += (fv - y) * (fv - y);
                }
            }
            var values = new List<double> { fy / yy, se / _nTest };
            var perHead = new List<double>();
            double a12 = 0, a13 = 0, maxW = 0, lazy = 0; int spiked = 0;
            var pa12 = new double[H]; var pa13 = new double[H]; var pw2 = new double[H]; var pw3 = new double[H];
            for (int h = 0; h < H; h++)
            {
                double A12 = double.CreateTruncating(theta[_arch.OffsetA(h) + 1]), A13 = double.CreateTruncating(theta[_arch.OffsetA(h) + 2]);
                double w2 = double.CreateTruncating(theta[_arch.OffsetW(h) + 1]), w3 = double.CreateTruncating(theta[_arch.OffsetW(h) + 2]);
                a12 += Math.Abs(A12) * sa / H; a13 += Math.Abs(A13) * sa / H;
                double wz = Math.Max(Math.Abs(w2), Math.Abs(w3)) * sw;
                maxW = Math.Max(maxW, wz);
                if (wz > 3) spiked++;
                lazy += A12 * w3 + A13 * w2;
                perHead.AddRange([A12, A13, w2, w3]);
                pa12[h] = A12; pa13[h] = A13; pw2[h] = w2; pw3[h] = w3;
            }
            values.AddRange([a12, a13, maxW, spiked, lazy]);
            values.AddRange(perHead);
            return (values.ToArray(), [("A12", pa12), ("A13", pa13), ("w2", pw2), ("w3", pw3)]);
        };

    }
}
