using FeatureScale.Data;
using FeatureScale.Architectures;

namespace FeatureScale.Experiments;

/// <summary>A checked <see cref="TrainConfig"/>: the architecture with effective prior variances, the effective κ, etc.</summary>
public sealed record ResolvedTrainConfig(
    TrainConfig Config, FcnArchitecture Architecture, IReadOnlyList<HermiteTerm> TargetTerms, double Kappa, double Chi,
    bool MeanField, bool SinglePrecision, int[] FrozenBlocks, int Threads);
