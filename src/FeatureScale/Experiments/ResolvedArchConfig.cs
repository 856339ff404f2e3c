using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Activations;

namespace FeatureScale.Experiments;

/// <summary>A checked configuration for the non-FCN-Hermite experiments (issue 6).</summary>
public sealed record ResolvedArchConfig(
    TrainConfig Config, ArchKind Arch, TaskKind Task, OutputLoss Loss, Activation Activation,
    double Sigma1, double Sigma2, IReadOnlyList<HermiteTerm> TargetTerms, bool SinglePrecision, int[] FrozenBlocks, int Threads)
{
    /// <summary>"fcn", "cnn" or "attention".</summary>
    public string ArchName => Arch switch { ArchKind.Fcn => "fcn", ArchKind.Cnn => "cnn", _ => "attention" };
    /// <summary>"hermite", "parity", "modadd" or "attention-cubic".</summary>
    public string TaskName => Task switch { TaskKind.Hermite => "hermite", TaskKind.Parity => "parity", TaskKind.ModAdd => "modadd", _ => "attention-cubic" };
}
