namespace FeatureScale.Sampling;

/// <summary>What a sampler reports about its own run: Metropolis proposals and acceptances (0/0 when unadjusted).</summary>
public sealed record SamplerStatistics(long Proposals, long Accepted)
{
    /// <summary>No Metropolis step.</summary>
    public static readonly SamplerStatistics None = new(0, 0);

    /// <summary>Accepted / proposed, NaN without proposals.</summary>
    public double AcceptanceRate => Proposals > 0 ? (double)Accepted / Proposals : double.NaN;
}
