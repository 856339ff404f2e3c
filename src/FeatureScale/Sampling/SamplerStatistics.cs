namespace FeatureScale.Sampling;

/// <summary>What a sampler reports about its own run: Metropolis proposals and acceptances (0/0 when unadjusted).</summary>
public sealed record SamplerStatistics(long Proposals, long Accepted)
{
    /// <summary>No Metropolis step.</summary>
    public static readonly SamplerStatistics None = new(0, 0);

    /// <summary>Replica exchange: proposed swaps between replicas r and r + 1 (null without replicas).</summary>
    public IReadOnlyList<long>? SwapProposals { get; init; }

    /// <summary>Replica exchange: accepted swaps between replicas r and r + 1.</summary>
    public IReadOnlyList<long>? SwapAccepted { get; init; }

    /// <summary>Accepted / proposed, NaN without proposals.</summary>
    public double AcceptanceRate => Proposals > 0 ? (double)Accepted / Proposals : double.NaN;
}
