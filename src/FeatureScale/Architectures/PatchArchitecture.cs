using FeatureScale.Kernels;
using System.Numerics;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Activations;

namespace FeatureScale.Architectures;

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
