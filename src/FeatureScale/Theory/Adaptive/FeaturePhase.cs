namespace FeatureScale.Theory.Adaptive;

/// <summary>Phases of 2310.03789: Gaussian feature learning, the mixed (droplet) phase, and the nonzero-minima phase.</summary>
public enum FeaturePhase
{
    /// <summary>Single well at Φ = 0 (Gaussian posterior with a spiked covariance).</summary>
    GFL,
    /// <summary>Degenerate wells at 0 and ±Φ* (Gaussian mixture; first-order coexistence).</summary>
    GMFL_I,
    /// <summary>The nonzero wells dominate.</summary>
    GMFL_II,
}
