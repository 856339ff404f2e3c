using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of grok-fig4-6 (App. D): the paper's widths {2800, 1400, 700} times <c>WidthScale</c>, d and n as given, and
/// σ_a² chosen so that u = n²σ_a²/(σ⁴dN) equals the paper's at every width (σ² = 0.05, ε = −1.2, σ_w² = 0.5 fixed):
/// σ_a² = 0.011 · WidthScale · (d/150) / (n/600)².
/// </summary>
public sealed record GrokAppDSizes(double WidthScale, int Dimension, int Samples, int[] Widths, int Chains, double BurninTime, double SampleTime,
    int SamplesPerChain, int TracePoints, int TestPoints)
{
    /// <summary>N ∈ {280, 140, 70}, d = 30, n = 120 (n/d = 4 as the paper), σ_a² = 0.0055, Langevin time 0.8 + 0.8 at
    /// every width (the step size shrinks ∝ 1/N, so the steps grow ∝ N); 4 chains.</summary>
    public static GrokAppDSizes Quick { get; } = new(0.1, 30, 120, [2800, 1400, 700], 4, 0.8, 0.8, 50, 200, 1000);
    /// <summary>The paper's sizes (N = 2800, 1400, 700, d = 150, n = 600, σ_a² = 0.011), Langevin time 10 + 10, 16 chains;
    /// very long on 2 cores, resumable.</summary>
    public static GrokAppDSizes Full { get; } = new(1, 150, 600, [2800, 1400, 700], 16, 10, 10, 200, 400, 3000);
    /// <summary>The sizes of a mode.</summary>
    public static GrokAppDSizes For(ReproductionMode mode) => mode == ReproductionMode.Full ? Full : Quick;

    /// <summary>The run at the paper's width <paramref name="paperWidth"/> (step counts from the automatic step size).</summary>
    public CubicLangevinSettings Settings(CubicLangevinSettings appD, int paperWidth)
    {
        var s = appD with
        {
            Width = Math.Max(1, (int)Math.Round(WidthScale * paperWidth)), Dimension = Dimension, Samples = Samples,
            SigmaA2 = appD.SigmaA2 * WidthScale * (Dimension / (double)appD.Dimension) / Math.Pow(Samples / (double)appD.Samples, 2),
            Chains = Chains, TestPoints = TestPoints,
        };
        double eta = CubicLangevin.AutoStepSize(s);
        int burnin = Math.Max(1, (int)Math.Round(BurninTime / eta)), steps = Math.Max(1, (int)Math.Round(SampleTime / eta));
        return s with
        {
            Eta = eta, Burnin = burnin, Steps = steps, Thin = Math.Max(1, steps / SamplesPerChain),
            TraceEvery = Math.Max(1, (burnin + steps) / TracePoints),
        };
    }
}
