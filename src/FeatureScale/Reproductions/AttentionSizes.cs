using FeatureScale.Experiments;
using FeatureScale.Sampling;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of Fig. 3b (softmax attention head on the cubic target, arXiv 2512.04165 §6.2): series of (d, L), each
/// run at P = x·√(L d³) for x in <see cref="Ratios"/>.
/// </summary>
public sealed record AttentionSizes((int D, int L)[] Series, double[] Ratios, int Heads, double Kappa, int Chains,
    int Burnin, int Steps, int Thin, int TestPoints, double Threshold)
{
    /// <summary>
    /// The sampler: BAOAB at half its default step in every mode (at d = 8, L = 16, P = 181 ULA's four chains had
    /// R̂ 2.7 and A_f 0.33 ± 0.05 where BAOAB's reached 1.02 and 0.56 ± 0.005 in the same steps; docs/samplers.md).
    /// </summary>
    public SamplerSettings Sampler { get; init; } = new() { Name = "baoab", StepFraction = 0.5 };
    /// <summary>Extend chains until A_f's split-R̂ is at most this (up to 8 × steps); null: off.</summary>
    public double? RhatTarget { get; init; }
    /// <summary>The mode's name in verdict lines.</summary>
    public string Label { get; init; } = "quick";

    /// <summary>≈ 1–2 minutes on 2 cores; far below the paper's d ∈ {8, 16}, L up to 720.</summary>
    public static AttentionSizes Quick { get; } = new([(4, 8), (4, 24), (8, 8), (8, 16)], [0.5, 1, 2, 4], 2, 0.1, 4,
        2000, 4000, 40, 200, 0.3);

    /// <summary>Quick's series on a grid twice as dense, chains extended towards R̂ 1.05.</summary>
    public static AttentionSizes Standard { get; } = new([(4, 8), (4, 24), (8, 8), (8, 16)],
        [0.35, 0.5, 0.7, 1, 1.4, 2, 2.8, 4], 2, 0.1, 4, 2000, 4000, 40, 500, 0.3)
    {
        RhatTarget = 1.05, Label = "standard",
    };

    /// <summary>Towards the paper's sizes (d = 8, 16; H = 2; κ = 0.1); hours, resumable.</summary>
    public static AttentionSizes Full { get; } = new([(8, 12), (8, 48), (8, 180), (16, 12), (16, 48), (16, 180)],
        [0.5, 0.7, 1, 1.4, 2, 2.8, 4, 5.6], 2, 0.1, 8, 20000, 40000, 200, 200, 0.3)
    {
        RhatTarget = 1.05, Label = "full",
    };

    /// <summary>The sizes of a mode.</summary>
    public static AttentionSizes For(ReproductionMode mode) => mode switch
    {
        ReproductionMode.Full => Full, ReproductionMode.Standard => Standard, _ => Quick,
    };

    /// <summary>The run of series (d, L) at ratio x: P = max(2, round(x √(L d³))).</summary>
    public TrainConfig Config(int d, int l, double x) => new()
    {
        Arch = "attention", Task = "attention-cubic", D = d, ContextLength = l, Heads = Heads,
        P = Math.Max(2, (int)Math.Round(x * Math.Sqrt(l * Math.Pow(d, 3)))),
        Kappa = Kappa, Chains = Chains, Burnin = Burnin, Steps = Steps, Thin = Thin, TestPoints = TestPoints, Seed = 1,
        Sampler = Sampler, RhatTarget = RhatTarget,
    };
}
