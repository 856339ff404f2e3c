using FeatureScale.Kernels;
using System.Numerics;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Architectures;

/// <summary>
/// Shape and prior of the softmax attention layer of Eq. 14/82: inputs X ∈ R^{L×d} (rows x^a), H heads,
/// f(X) = L^{−1/2} Σ_h Σ_{a,b} @_{ab;h}(X) (w_h·x^b), @_{ab;h} = softmax_b(x^{a⊤} A_h x^b).
/// Prior: entries of A_h ~ N(0, σ_A²/d²), of w_h ~ N(0, σ_w²/(dH)) (σ² = 1 in the paper).
/// Parameters are laid out as [A_1..A_H (each d×d row-major), w_1..w_H (each d)].
/// </summary>
public sealed record AttentionArchitecture : IArchitecture
{
    /// <summary>Token dimension d.</summary>
    public int Dim { get; }
    /// <summary>Context length L (tokens per input).</summary>
    public int Length { get; }
    /// <summary>Number of heads H.</summary>
    public int Heads { get; }
    /// <summary>σ_A² (prior variance of A entries is σ_A²/d²).</summary>
    public double SigmaA2 { get; }
    /// <summary>σ_w² (prior variance of w entries is σ_w²/(dH)).</summary>
    public double SigmaW2 { get; }

    /// <summary>Builds and checks the shape.</summary>
    public AttentionArchitecture(int dim, int length, int heads, double sigmaA2 = 1, double sigmaW2 = 1)
    {
        if (dim < 1) throw new ConfigException($"attention token dimension d must be positive (got {dim})");
        if (length < 2) throw new ConfigException($"context length L must be at least 2 (got {length})");
        if (heads < 1) throw new ConfigException($"heads must be at least 1 (got {heads})");
        if (!(sigmaA2 > 0) || !(sigmaW2 > 0) || !double.IsFinite(sigmaA2) || !double.IsFinite(sigmaW2))
            throw new ConfigException("attention prior variances must be positive and finite");
        Dim = dim; Length = length; Heads = heads; SigmaA2 = sigmaA2; SigmaW2 = sigmaW2;
    }

    /// <summary>Number of parameters H(d² + d).</summary>
    public int ParameterCount => Heads * (Dim * Dim + Dim);
    /// <summary>Offset of A_h.</summary>
    public int OffsetA(int h) => h * Dim * Dim;
    /// <summary>Offset of w_h.</summary>
    public int OffsetW(int h) => Heads * Dim * Dim + h * Dim;

    /// <summary>Prior blocks "A" (variance σ_A²/d²) and "w" (variance σ_w²/(dH)).</summary>
    public IReadOnlyList<ParameterBlock> Blocks() =>
    [
        new ParameterBlock("A", 0, Heads * Dim * Dim, SigmaA2 / ((double)Dim * Dim)),
        new ParameterBlock("w", Heads * Dim * Dim, Heads * Dim, SigmaW2 / ((double)Dim * Heads)),
    ];

    /// <inheritdoc/>
    public string Kind => "attention";
    /// <inheritdoc/>
    public int InputSize => Length * Dim;

    /// <summary>A small two-head attention layer, for the architecture tests.</summary>
    public static AttentionArchitecture Example => new(3, 4, 2, 1.5, 0.7);

    /// <inheritdoc/>
    public IPosteriorModel<T> Network<T>(T[] x, T[]? y, int count) where T : unmanaged, IFloatingPointIeee754<T> =>
        new AttentionHead<T>(this, x, y, count);

    /// <inheritdoc/>
    public double[] Evaluate(ReadOnlySpan<double> theta, double[] x, int count) =>
        new AttentionHead<double>(this, x, null, count).Forward(theta).ToArray();

    /// <summary>
    /// Eq. 83 at infinite H: K = σ_w² (dL)⁻¹ E_A[s_A(X)·s_A(X′)] with A ~ N(0, σ_A²/d²) — no closed form, so Monte
    /// Carlo over A (<see cref="AttentionKernel.MonteCarlo"/>, 20000 draws).
    /// </summary>
    public KernelEstimate Kernel(double[] x, int count, RandomStream rng)
    {
        int size = InputSize;
        var inputs = Enumerable.Range(0, count).Select(p => x.AsSpan(p * size, size).ToArray()).ToList();
        var mc = AttentionKernel.MonteCarlo(inputs, Length, Dim, 20000, rng, SigmaA2 / ((double)Dim * Dim));
        return new KernelEstimate(count, mc.Values.Select(v => SigmaW2 * v).ToArray(),
            mc.StandardErrors.Select(v => SigmaW2 * v).ToArray(), mc.Samples);
    }
}
