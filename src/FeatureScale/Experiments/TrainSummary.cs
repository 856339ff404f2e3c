using System.Text.Json.Serialization;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>summary.json of a training run (contract documented in the README).</summary>
public sealed record TrainSummary(
    Stat Alignment, Stat TestMse, Stat TrainMse,
    IReadOnlyList<SpecialisedCount> Specialised, IReadOnlyList<SpecialisedCount> SpecialisedTarget,
    double Rhat, double Ess,
    int Steps, int Burnin, int Thin, int Chains, int SamplesPerChain, int SamplesTotal,
    double Eta, string EtaSource, double LambdaMax, double EtaLambdaMax,
    double Kappa, IReadOnlyList<double> Sigma2, string Parameterisation, double Chi,
    string Target, string TargetNormalisation, string Precision,
    bool Diverged, string? Message, IReadOnlyList<string> Warnings, double WallSeconds)
{
    /// <summary>The sampler used, its step and acceptance rate.</summary>
    public SamplerReport? Sampler { get; init; }
    /// <summary>Rank-normalised split-R̂ and bulk/tail ESS of A_f (Vehtari et al. 2021).</summary>
    public RankDiagnostics? AlignmentDiagnostics { get; init; }
    /// <summary>The two-start check, when the run made one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TwoStartCheck? TwoStart { get; init; }
    /// <summary>The rounds of a run extended until R̂ reached rhat_target, when the config set one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtensionReport? Extension { get; init; }
}
