using System.Numerics.Tensors;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Architectures;

/// <summary>
/// The patch network of Eq. 78/79 on a batch with GEMMs and the hand-derived gradient of the squared-error or
/// cross-entropy data term. Patches are consecutive coordinates, so the P × d input matrix is read as a
/// (P N_w) × S matrix: H = X_r W1ᵀ ((P N_w) × N) is one GEMM, A = σ(H) read as P × (N_w N), F = A W2ᵀ (P × C).
/// With R = ∂L/∂F (R = F − Y for squared error; R = ½(softmax(F) − onehot) for cross-entropy):
/// ∂L/∂W2 = Rᵀ A; Δ = σ′(H) ⊙ (R W2); ∂L/∂W1 = Δᵀ X_r (over all P N_w patch rows).
/// One instance per chain (owns its buffers).
/// </summary>
public sealed class PatchCnn<T> : IPosteriorModel<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly PatchArchitecture _arch;
    private readonly OutputLoss _loss;
    private readonly ParameterBlock[] _blocks;
    private readonly T[] _x;       // P × d
    private readonly T[]? _y;      // P × C (targets or one-hot labels)
    private readonly int[]? _labels;
    private readonly int _count;
    private readonly T[] _h, _a, _da, _f, _r;

    /// <summary>
    /// A network bound to inputs <paramref name="x"/> (P × d row-major) and targets <paramref name="y"/> (P × C;
    /// for cross-entropy a one-hot label matrix). <paramref name="y"/> may be null for evaluation only.
    /// </summary>
    public PatchCnn(PatchArchitecture arch, OutputLoss loss, T[] x, T[]? y, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        if (x.Length < count * arch.InputDim) throw new ArgumentException("x is shorter than P × d");
        if (y is not null && y.Length < count * arch.Outputs) throw new ArgumentException("y is shorter than P × C");
        if (loss == OutputLoss.CrossEntropy && arch.Outputs < 2) throw new ConfigException("cross-entropy needs at least 2 outputs (classes)");
        _arch = arch; _loss = loss; _blocks = arch.Blocks().ToArray(); _x = x; _y = y; _count = count;
        if (y is not null && loss == OutputLoss.CrossEntropy)
        {
            _labels = new int[count];
            for (int p = 0; p < count; p++)
            {
                int best = 0;
                for (int k = 1; k < arch.Outputs; k++) if (y[p * arch.Outputs + k] > y[p * arch.Outputs + best]) best = k;
                _labels[p] = best;
            }
        }
        int hidden = count * arch.HiddenUnits;
        _h = new T[hidden]; _a = new T[hidden]; _da = new T[hidden];
        _f = new T[count * arch.Outputs]; _r = new T[count * arch.Outputs];
    }

    /// <summary>The architecture.</summary>
    public PatchArchitecture Architecture => _arch;
    /// <summary>The loss.</summary>
    public OutputLoss LossKind => _loss;
    /// <inheritdoc/>
    public int ParameterCount => _arch.ParameterCount;
    /// <inheritdoc/>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;
    /// <summary>Number of inputs P bound.</summary>
    public int Count => _count;

    /// <summary>Forward pass; returns F (P × C row-major).</summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> theta)
    {
        ForwardCore(theta, derivative: false);
        return _f;
    }

    private void ForwardCore(ReadOnlySpan<T> theta, bool derivative)
    {
        if (theta.Length != ParameterCount) throw new ArgumentException($"θ has {theta.Length} entries, the network {ParameterCount}");
        int S = _arch.PatchSize, N = _arch.Width, C = _arch.Outputs, rowsPatch = _count * _arch.Patches, nh = _arch.HiddenUnits;
        var w1 = theta.Slice(_blocks[0].Offset, _blocks[0].Length);
        var w2 = theta.Slice(_blocks[1].Offset, _blocks[1].Length);
        Blas.Gemm(Transpose.No, Transpose.Yes, rowsPatch, N, S, 1.0, _x, S, w1, S, 0.0, _h, N);
        _arch.Activation.Apply(_h, _a, derivative ? _da : Span<T>.Empty);
        Blas.Gemm(Transpose.No, Transpose.Yes, _count, C, nh, 1.0, _a, nh, w2, nh, 0.0, _f, C);
    }

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<T> theta)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        ForwardCore(theta, derivative: false);
        return Residual(computeResidual: false);
    }

    /// <inheritdoc/>
    public double LossAndGradient(ReadOnlySpan<T> theta, Span<T> gradient, ReadOnlySpan<bool> skipBlocks = default)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        if (gradient.Length != ParameterCount) throw new ArgumentException("gradient length differs from the parameter count");
        bool skip1 = !skipBlocks.IsEmpty && skipBlocks[0], skip2 = !skipBlocks.IsEmpty && skipBlocks[1];
        ForwardCore(theta, derivative: !skip1);
        double loss = Residual(computeResidual: true);
        int S = _arch.PatchSize, N = _arch.Width, C = _arch.Outputs, rowsPatch = _count * _arch.Patches, nh = _arch.HiddenUnits;
        var w2 = theta.Slice(_blocks[1].Offset, _blocks[1].Length);
        if (!skip2)
            Blas.Gemm(Transpose.Yes, Transpose.No, C, nh, _count, 1.0, _r, C, _a, nh, 0.0, gradient.Slice(_blocks[1].Offset, _blocks[1].Length), nh);
        if (skip1) return loss;
        // Δ = σ′(H) ⊙ (R W2): the product goes into H's buffer.
        Blas.Gemm(Transpose.No, Transpose.No, _count, nh, C, 1.0, _r, C, w2, nh, 0.0, _h, nh);
        TensorPrimitives.Multiply(_da, _h, _da);
        Blas.Gemm(Transpose.Yes, Transpose.No, N, S, rowsPatch, 1.0, _da, N, _x, S, 0.0, gradient.Slice(_blocks[0].Offset, _blocks[0].Length), S);
        return loss;
    }

    /// <summary>The data term from _f, and (optionally) R = ∂L/∂F into _r.</summary>
    private double Residual(bool computeResidual)
    {
        int C = _arch.Outputs;
        double loss = 0;
        if (_loss == OutputLoss.SquaredError)
        {
            for (int i = 0; i < _count * C; i++)
            {
                T e = _f[i] - _y![i];
                if (computeResidual) _r[i] = e;
                double ed = double.CreateTruncating(e);
                loss += ed * ed;
            }
            return 0.5 * loss;
        }
        T half = T.CreateTruncating(0.5);
        for (int p = 0; p < _count; p++)
        {
            var f = _f.AsSpan(p * C, C);
            double lse = LogSumExp(f);
            loss += lse - double.CreateTruncating(f[_labels![p]]);
            if (!computeResidual) continue;
            var r = _r.AsSpan(p * C, C);
            for (int k = 0; k < C; k++) r[k] = half * T.CreateTruncating(Math.Exp(double.CreateTruncating(f[k]) - lse));
            r[_labels[p]] -= half;
        }
        return 0.5 * loss;
    }

    /// <summary>Stable log Σ e^{f_k}.</summary>
    public static double LogSumExp(ReadOnlySpan<T> f)
    {
        double max = double.NegativeInfinity;
        foreach (var v in f) max = Math.Max(max, double.CreateTruncating(v));
        if (double.IsInfinity(max)) return max;
        double s = 0;
        foreach (var v in f) s += Math.Exp(double.CreateTruncating(v) - max);
        return max + Math.Log(s);
    }
}
