using FeatureScale.Kernels;
using System.Numerics;
using System.Numerics.Tensors;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Activations;

namespace FeatureScale.Architectures;

/// <summary>The data term of a posterior: squared error (Eq. 2) or cross-entropy (App. A.2, Eq. 23).</summary>
public enum OutputLoss
{
    /// <summary>L = ½ Σ_μ Σ_c (f_c(x_μ) − y_{μc})²; exp(−L/κ) is Eq. 2's likelihood.</summary>
    SquaredError,
    /// <summary>
    /// L = ½ Σ_μ [−log softmax(f(x_μ))_{c(x_μ)}], so that exp(−L/κ) = exp(−CE/(2κ)) is Eq. 23's likelihood.
    /// (The paper writes f_c + log Σ_j e^{−f_j}, i.e. logits −f; the prior is symmetric under f → −f, so the
    /// posterior over |f| and over hidden weights is the same.)
    /// </summary>
    CrossEntropy,
}

/// <summary>Names of <see cref="OutputLoss"/>.</summary>
public static class OutputLosses
{
    /// <summary>Parses "mse" or "ce" (aliases "squared", "cross-entropy").</summary>
    public static OutputLoss Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mse" or "squared" or "squared-error" => OutputLoss.SquaredError,
        "ce" or "cross-entropy" or "crossentropy" or "xent" => OutputLoss.CrossEntropy,
        _ => throw new ConfigException($"unknown loss '{name}' (use mse or ce)"),
    };

    /// <summary>"mse" or "ce".</summary>
    public static string Name(OutputLoss l) => l == OutputLoss.SquaredError ? "mse" : "ce";
}

/// <summary>
/// Shape and prior of the two-layer network with non-overlapping patches of Eq. 78/79, with C outputs:
/// f_c(x) = Σ_{i=1}^{N_w} Σ_{j=1}^{N} W2_{c,(i,j)} σ(w_j · x_i), x_i = coordinates (i−1)S+1..iS of x ∈ R^d, d = N_w S.
/// The filters w_j ∈ R^S are shared by all patches. N_w = 1 is the two-layer FCN of Eq. 1.
/// Prior: w_j ~ N(0, σ_1²/S I_S), W2 entries ~ N(0, σ_2²/(N_w N)). Layout: [W1 (N × S row-major),
/// W2 (C × N_w N row-major, column (i, j) = i N + j)] — for C = N_w = 1 exactly the FCN's [W1, w2].
/// </summary>
public sealed record PatchArchitecture : IArchitecture
{
    /// <summary>Number of patches N_w.</summary>
    public int Patches { get; }
    /// <summary>Patch size S.</summary>
    public int PatchSize { get; }
    /// <summary>Number of filters (hidden width) N.</summary>
    public int Width { get; }
    /// <summary>Number of outputs C.</summary>
    public int Outputs { get; }
    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }
    /// <summary>σ_1², σ_2².</summary>
    public double Sigma2First { get; }
    /// <inheritdoc cref="Sigma2First"/>
    public double Sigma2Second { get; }

    /// <summary>Builds and checks the shape.</summary>
    public PatchArchitecture(int patches, int patchSize, int width, int outputs, Activation activation, double sigma2First = 1, double sigma2Second = 1)
    {
        if (patches < 1) throw new ConfigException($"patches N_w must be at least 1 (got {patches})");
        if (patchSize < 1) throw new ConfigException($"patch size S must be positive (got {patchSize})");
        if (width < 1) throw new ConfigException($"width N must be positive (got {width})");
        if (outputs < 1) throw new ConfigException($"outputs must be at least 1 (got {outputs})");
        if (!(sigma2First > 0) || !(sigma2Second > 0) || !double.IsFinite(sigma2First) || !double.IsFinite(sigma2Second))
            throw new ConfigException("prior variances σ_l² must be positive and finite");
        Patches = patches; PatchSize = patchSize; Width = width; Outputs = outputs; Activation = activation;
        Sigma2First = sigma2First; Sigma2Second = sigma2Second;
    }

    /// <summary>Input dimension d = N_w S.</summary>
    public int InputDim => Patches * PatchSize;
    /// <summary>Hidden units seen by the read-out, N_w N.</summary>
    public int HiddenUnits => Patches * Width;
    /// <summary>Number of parameters N S + C N_w N.</summary>
    public int ParameterCount => Width * PatchSize + Outputs * HiddenUnits;

    /// <summary>Prior blocks "W1" (σ_1²/S) and "W2" (σ_2²/(N_w N)).</summary>
    public IReadOnlyList<ParameterBlock> Blocks() =>
    [
        new ParameterBlock("W1", 0, Width * PatchSize, Sigma2First / PatchSize),
        new ParameterBlock("W2", Width * PatchSize, Outputs * HiddenUnits, Sigma2Second / HiddenUnits),
    ];

    /// <inheritdoc/>
    public string Kind => "cnn";
    /// <inheritdoc/>
    public int InputSize => InputDim;

    /// <summary>A small three-patch ReLU network, for the architecture tests.</summary>
    public static PatchArchitecture Example => new(3, 2, 6, 1, Activation.Relu, 1.2, 0.9);

    /// <inheritdoc/>
    public IPosteriorModel<T> Network<T>(T[] x, T[]? y, int count) where T : unmanaged, IFloatingPointIeee754<T> =>
        new PatchCnn<T>(this, OutputLoss.SquaredError, x, y, count);

    /// <inheritdoc/>
    public double[] Evaluate(ReadOnlySpan<double> theta, double[] x, int count)
    {
        var f = new PatchCnn<double>(this, OutputLoss.SquaredError, x, null, count).Forward(theta);
        var first = new double[count];
        for (int p = 0; p < count; p++) first[p] = f[p * Outputs];
        return first;
    }

    /// <summary>
    /// Exact: the read-out weights of different (patch, filter) units are independent, so only same-patch terms
    /// survive, K(x, x′) = (σ_2²/N_w) Σ_i E[σ(u_i)σ(u′_i)] with (u_i, u′_i) of variances σ_1²|x_i|²/S, σ_1²|x′_i|²/S
    /// and covariance σ_1² x_i·x′_i/S (Eq. 79 at infinite N).
    /// </summary>
    public KernelEstimate Kernel(double[] x, int count, RandomStream rng)
    {
        int s = PatchSize;
        var k = new double[count * count];
        for (int p = 0; p < count; p++)
        for (int q = 0; q < count; q++)
        {
            double sum = 0;
            for (int i = 0; i < Patches; i++)
            {
                var xp = x.AsSpan(p * InputDim + i * s, s); var xq = x.AsSpan(q * InputDim + i * s, s);
                double scale = Sigma2First / s;
                sum += Activation.Covariance(scale * Dot(xp, xp), scale * Dot(xq, xq), scale * Dot(xp, xq));
            }
            k[p * count + q] = Sigma2Second / Patches * sum;
        }
        return new KernelEstimate(count, k, new double[count * count], 0);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}

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
