namespace FeatureScale.Reproductions;

/// <summary>Quick (minutes on 2 cores), standard (≤ 30 minutes, sized to reach a verdict) or full (the paper's
/// sizes, resumable) reproduction.</summary>
public enum ReproductionMode
{
    /// <summary>Small sizes, minutes each on 2 cores.</summary>
    Quick,
    /// <summary>Approaches the paper's sizes (ensembles of 300, the paper's grids); resumable.</summary>
    Full,
    /// <summary>Between the two: at most about 30 minutes on 2 cores, sized so that the verdict's interval can
    /// reach its tolerance (only where a reproduction declares such sizes).</summary>
    Standard,
}
