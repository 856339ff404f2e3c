using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>summary.json of an <see cref="ArchTraining"/> run (contract in the README).</summary>
public sealed record ArchTrainSummary(
    string Arch, string Task, string Loss, string Primary, IReadOnlyList<NamedStat> Observables, NamedStat TrainLoss,
    int Steps, int Burnin, int Thin, int Chains, int SamplesPerChain, int SamplesTotal,
    double Eta, string EtaSource, double LambdaMax, double EtaLambdaMax, double Kappa, string Precision, int ParameterCount,
    bool Diverged, string? Message, IReadOnlyList<string> Warnings, double WallSeconds)
{
    /// <summary>The sampler used, its step and acceptance rate.</summary>
    public SamplerReport? Sampler { get; init; }
    /// <summary>The rounds of a run extended until the primary observable's R̂ reached rhat_target, when set.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ExtensionReport? Extension { get; init; }
}
