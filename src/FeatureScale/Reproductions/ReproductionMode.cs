namespace FeatureScale.Reproductions;

/// <summary>Quick (≤ 5 minutes on 2 cores) or full (the paper's sizes, resumable) reproduction.</summary>
public enum ReproductionMode
{
    /// <summary>Small sizes, ≤ 5 minutes each on 2 cores.</summary>
    Quick,
    /// <summary>Approaches the paper's sizes (ensembles of 300, the paper's grids); resumable.</summary>
    Full,
}
