namespace FeatureScale.Analysis;

/// <summary>P* with a bootstrap 95% interval.</summary>
/// <param name="Estimate">P* of the mean curve.</param>
/// <param name="CiLow">2.5th percentile of the bootstrap P*.</param>
/// <param name="CiHigh">97.5th percentile.</param>
/// <param name="Replicates">The bootstrap P* values (NaN where a replicate had no crossing), in draw order.</param>
/// <param name="FoundFraction">Fraction of replicates with a crossing.</param>
public sealed record PStarEstimate(Crossing Estimate, double CiLow, double CiHigh, double[] Replicates, double FoundFraction);
