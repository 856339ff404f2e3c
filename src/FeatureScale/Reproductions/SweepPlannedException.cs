namespace FeatureScale.Reproductions;

/// <summary>Stops a reproduction run in planning mode at its first incomplete sweep (see ReproductionContext.PlanSweep).</summary>
public sealed class SweepPlannedException(string sweep) : Exception($"planned sweep '{sweep}'")
{
    /// <summary>The sweep's folder name under the reproduction's output folder.</summary>
    public string Sweep { get; } = sweep;
}
