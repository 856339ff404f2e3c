using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of Fig. 3b (softmax attention head on the cubic target, arXiv 2512.04165 §6.2): series of (d, L), each
/// run at P = x·√(L d³) for x in <see cref="Ratios"/>.
/// </summary>
public sealed record AttentionSizes((int D, int L)[] Series, double[] Ratios, int Heads, double Kappa, int Chains, int Burnin, int Steps, int Thin, int TestPoints, double Threshold)
{
    /// <summary>≈ 1–2 minutes on 2 cores; far below the paper's d ∈ {8, 16}, L up to 720.</summary>
    public static AttentionSizes Quick { get; } = new([(4, 8), (4, 24), (8, 8), (8, 16)], [0.5, 1, 2, 4], 2, 0.1, 4, 2000, 4000, 40, 200, 0.3);

    /// <summary>Towards the paper's sizes (d = 8, 16; H = 2; κ = 0.1); hours, resumable.</summary>
    public static AttentionSizes Full { get; } = new([(8, 12), (8, 48), (8, 180), (16, 12), (16, 48), (16, 180)], [0.5, 0.7, 1, 1.4, 2, 2.8, 4, 5.6], 2, 0.1, 8, 20000, 40000, 200, 200, 0.3);

    /// <summary>The sizes of a mode.</summary>
    public static AttentionSizes For(ReproductionMode mode) => mode == ReproductionMode.Full ? Full : Quick;

    /// <summary>The run of series (d, L) at ratio x: P = max(2, round(x √(L d³))).</summary>
    public TrainConfig Config(int d, int l, double x) => new()
    {
        Arch = "attention", Task = "attention-cubic", D = d, ContextLength = l, Heads = Heads, P = Math.Max(2, (int)Math.Round(x * Math.Sqrt(l * Math.Pow(d, 3)))),
        Kappa = Kappa, Chains = Chains, Burnin = Burnin, Steps = Steps, Thin = Thin, TestPoints = TestPoints, Seed = 1,
    };
}
