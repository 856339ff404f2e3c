using FeatureScale.Numerics;
using FeatureScale.Kernels;
using System.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Activations;
namespace FeatureScale.Architectures;

/// <summary>
/// The fully connected network of Eq. 1: depth L ≥ 2, input dimension d = N_0, hidden widths N_1..N_{L−1},
/// activation σ, and the prior variances σ_1²..σ_L² (W^l ~ N(0, σ_l²/N_{l−1}) entry-wise). The read-out is
/// f(x) = Σ_i w^L_i σ(h_i^{L−1}(x)); hidden pre-activations h^1 = W^1 x, h^l = W^l σ(h^{l−1}).
/// Parameters are laid out as [W^1 (N_1×d row-major), W^2 (N_2×N_1), …, w^L (N_{L−1})].
/// </summary>
public sealed record FcnArchitecture : IArchitecture
{
    /// <summary>Input dimension d.</summary>
    public int InputDim { get; }
    /// <summary>Hidden widths N_1..N_{L−1}.</summary>
    public IReadOnlyList<int> Widths { get; }
    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }
    /// <summary>Prior variances σ_1²..σ_L² (as used in the prior, i.e. after any mean-field rescaling).</summary>
    public IReadOnlyList<double> Sigma2 { get; }

    /// <summary>Builds and checks an architecture.</summary>
    public FcnArchitecture(int inputDim, IReadOnlyList<int> widths, Activation activation, IReadOnlyList<double> sigma2)
    {
        if (inputDim <= 0) throw new ConfigException($"input dimension d must be positive (got {inputDim})");
        if (widths.Count < 1) throw new ConfigException("a network needs at least one hidden layer (depth ≥ 2)");
        if (widths.Any(w => w <= 0)) throw new ConfigException($"hidden widths must be positive (got [{string.Join(", ", widths)}])");
        if (sigma2.Count != widths.Count + 1) throw new ConfigException($"need {widths.Count + 1} prior variances σ_l², got {sigma2.Count}");
        if (sigma2.Any(s => !(s > 0) || double.IsInfinity(s))) throw new ConfigException("prior variances σ_l² must be positive and finite");
        InputDim = inputDim; Widths = widths.ToArray(); Activation = activation; Sigma2 = sigma2.ToArray();
    }

    /// <summary>Depth L (number of weight layers).</summary>
    public int Depth => Widths.Count + 1;

    /// <summary>N_l for l = 0..L−1 (N_0 = d).</summary>
    public int Width(int l) => l == 0 ? InputDim : Widths[l - 1];

    /// <summary>Number of parameters.</summary>
    public int ParameterCount
    {
        get
        {
            int n = 0;
            for (int l = 1; l < Depth; l++) n += Width(l) * Width(l - 1);
            return n + Width(Depth - 1);
        }
    }

    /// <summary>Prior blocks "W1".."W{L-1}", "w{L}" with variances σ_l²/N_{l−1}.</summary>
    public IReadOnlyList<ParameterBlock> Blocks()
    {
        var blocks = new List<ParameterBlock>();
        int offset = 0;
        for (int l = 1; l < Depth; l++)
        {
            int len = Width(l) * Width(l - 1);
            blocks.Add(new ParameterBlock($"W{l}", offset, len, Sigma2[l - 1] / Width(l - 1)));
            offset += len;
        }
        blocks.Add(new ParameterBlock($"w{Depth}", offset, Width(Depth - 1), Sigma2[Depth - 1] / Width(Depth - 1)));
        return blocks;
    }

    /// <inheritdoc/>
    public string Kind => "fcn";
    /// <inheritdoc/>
    public int InputSize => InputDim;

    /// <summary>A small two-layer erf network, for the architecture tests.</summary>
    public static FcnArchitecture Example => new(5, [7], Activation.Erf, [1.3, 0.8]);

    /// <inheritdoc/>
    public IPosteriorModel<T> Network<T>(T[] x, T[]? y, int count) where T : unmanaged, IFloatingPointIeee754<T> =>
        new FullyConnectedNetwork<T>(this, x, y, count);

    /// <inheritdoc/>
    public double[] Evaluate(ReadOnlySpan<double> theta, double[] x, int count) =>
        new FullyConnectedNetwork<double>(this, x, null, count).Forward(theta, x, count).ToArray();

    /// <summary>The NNGP recursion of Eq. 8 (<see cref="NngpKernel"/>), exact.</summary>
    public KernelEstimate Kernel(double[] x, int count, RandomStream rng) =>
        new(count, new NngpKernel(Activation, Sigma2).Gram(x, count, InputDim), new double[count * count], 0);
}
