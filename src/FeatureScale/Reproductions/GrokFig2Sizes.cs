using FeatureScale.Sampling;

namespace FeatureScale.Reproductions;

/// <summary>Sizes of grok-fig2 (2310.03789 Fig. 2): (α = β) scales of the paper's N = 700, n = 3000, d = 150 setting
/// and the σ² grid.</summary>
public sealed record GrokFig2Sizes(double[] Scales, double[] Noise, int Chains, int Burnin, int Steps, int Thin,
    int TestPoints)
{
    /// <summary>The sampler (null: unadjusted Langevin at the automatic η, as the paper's).</summary>
    public SamplerSettings? Sampler { get; init; }

    /// <summary>BAOAB at half its default step (grok-fig2's sampler in every mode; declared before the modes, which
    /// read it during static initialisation).</summary>
    public static SamplerSettings Baoab { get; } = new() { Name = "baoab", StepFraction = 0.5 };

    /// <summary>α = β = 1/8 (N = 88, n = 375, d = 53): the paper's smallest scale, with the standard's sampler (up
    /// to version 0.1 ULA, whose chains had R̂ 1.16 at 4 of 5 σ²); about 45 s on 2 cores.</summary>
    public static GrokFig2Sizes Quick { get; } = new([0.125], [0.1, 0.15, 0.2, 0.25, 0.3], 4, 3000, 6000, 200, 1000)
    {
        Sampler = Baoab,
    };


    /// <summary>
    /// Three scales α = β ∈ {1/16, 1/8, 1/4} (N = 44…175) on a σ² grid dense around σ²_c ≈ 0.18, so that whether the
    /// jump sharpens with the scale is measured; BAOAB at half its default step (the equilibrium law is the same;
    /// the trace's time is then in prior-normalised units).
    /// </summary>
    public static GrokFig2Sizes Standard { get; } = new([0.0625, 0.125, 0.25],
        [0.1, 0.14, 0.16, 0.18, 0.2, 0.22, 0.26, 0.3], 4, 3000, 6000, 200, 1000)
    {
        Sampler = Baoab,
    };

    /// <summary>α = β ∈ {1/8, 1/2, 1} with the paper's σ² grid; long (hours to days on 2 cores), resumable.</summary>
    public static GrokFig2Sizes Full { get; } = new([0.125, 0.5, 1], [0.1, 0.15, 0.2, 0.25, 0.3], 16, 20000, 40000,
        500, 3000) { Sampler = Baoab };

    /// <summary>The sizes of a mode.</summary>
    public static GrokFig2Sizes For(ReproductionMode mode) => mode switch
    {
        ReproductionMode.Full => Full, ReproductionMode.Standard => Standard, _ => Quick,
    };
}
