namespace FeatureScale.Sweeps;

/// <summary>
/// How run claims expire: a claim whose heartbeat is older than <see cref="Timeout"/> is taken over (its owner is
/// presumed dead on another node); owners refresh it every <see cref="HeartbeatInterval"/>. The timeout must be
/// well above the interval and above the clock skew between nodes sharing the folder.
/// </summary>
public sealed record ClaimPolicy(TimeSpan Timeout, TimeSpan HeartbeatInterval)
{
    /// <summary>10 minutes, heartbeat every 30 s.</summary>
    public static readonly ClaimPolicy Default = new(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30));

    /// <summary>A timeout with the heartbeat at a twentieth of it (at least 1 s).</summary>
    public static ClaimPolicy WithTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ConfigException($"the claim timeout must be positive (got {timeout})");
        return new(timeout, TimeSpan.FromSeconds(Math.Max(1, timeout.TotalSeconds / 20)));
    }
}
