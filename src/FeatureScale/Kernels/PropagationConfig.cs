namespace FeatureScale.Kernels;

/// <summary>
/// Configuration of the feature-propagation experiment of Figs. 5–6 (§5.2, App. C.5).
/// </summary>
/// <param name="D">Input dimension d.</param>
/// <param name="N1">First hidden width.</param>
/// <param name="N2">Second hidden width.</param>
/// <param name="P">Number of data points.</param>
/// <param name="Act">Activation of both hidden layers (relu in Fig. 5; quadratic = 1+x+x² in Fig. 6 bottom).</param>
/// <param name="LayerNorm">Layer normalisation of the first layer's post-activations (per input, across neurons).</param>
/// <param name="CovarianceExponent">0: i.i.d. N(0, I) inputs; α &gt; 0: Gaussian inputs with covariance eigenvalues
/// ∝ k^−α, scaled to trace d (Fig. 6 uses α = 1.1).</param>
/// <param name="ModeRank">Rank of the boosted first-layer kernel mode (0: d/2, as in the paper).</param>
/// <param name="Boosts">Variance boosts D.</param>
/// <param name="FitMin">Smallest D in the power-law fit.</param>
/// <param name="FitMax">Largest D in the power-law fit.</param>
/// <param name="Seed">Random seed.</param>
public sealed record PropagationConfig(int D, int N1, int N2, int P, string Act, bool LayerNorm, double CovarianceExponent,
    int ModeRank, double[] Boosts, double FitMin, double FitMax, ulong Seed)
{
    /// <summary>The power m of the measured feature Φ = Φ*^m (mean removed, unit norm): 2 in Figs. 5–6 (expected
    /// D⁻²); 1 is the control (Φ* itself, expected D⁻¹).</summary>
    public int Power { get; init; } = 2;

    /// <summary>Fig. 5 at the paper's size: ReLU, d = 120, N1 = 2000, N2 = 1000, P = 6000.</summary>
    public static PropagationConfig Full(ulong seed = 1) =>
        new(120, 2000, 1000, 6000, "relu", false, 0, 0, DefaultBoosts(), 8, 512, seed);

    /// <summary>A quick size (seconds): ReLU, d = 40, N1 = 800, N2 = 400, P = 1600.</summary>
    public static PropagationConfig Quick(ulong seed = 1) =>
        new(40, 800, 400, 1600, "relu", false, 0, 0, DefaultBoosts(), 8, 256, seed);

    /// <summary>Fig. 6 (top left): power-law covariance k^−1.1 with layer norm, d = 250, N1 = N2 = 3000, P = 4000.</summary>
    public static PropagationConfig PowerLaw(ulong seed = 1) =>
        new(250, 3000, 3000, 4000, "relu", true, 1.1, 0, DefaultBoosts(), 8, 512, seed);

    /// <summary>D = 1, 2, 4, …, 4096.</summary>
    public static double[] DefaultBoosts() => Enumerable.Range(0, 13).Select(i => Math.Pow(2, i)).ToArray();
}
