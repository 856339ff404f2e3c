using FeatureScale.Sweeps.Slurm;

namespace FeatureScale.Tests.Sweeps;

/// <summary>A fact skipped, with the reason, only when Slurm is not installed and CI is unset; in CI it always runs
/// (and fails if Slurm is missing: .ci/run starts it with .ci/start-slurm).</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!SlurmClient.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "Slurm is not installed (run .ci/start-slurm as root; CI=true makes this test mandatory)";
    }
}
