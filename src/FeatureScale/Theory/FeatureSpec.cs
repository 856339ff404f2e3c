namespace FeatureScale.Theory;

/// <summary>
/// A catalogue feature Φ: a power (degree) of a direction, with its GP RKHS-norm scaling ⟨Φ, K⁻¹, Φ⟩ under the
/// lazy (NNGP) kernel (degree-n Hermite feature ↔ d^n, linear feature ↔ d).
/// </summary>
public sealed class FeatureSpec
{
    /// <summary>Name, e.g. "lin", "he3".</summary>
    public string Name { get; set; } = "";
    /// <summary>Direction label; features with the same direction are powers of one another (he3 = lin³).</summary>
    public string Direction { get; set; } = "";
    /// <summary>Degree in the direction (lin: 1, he3: 3).</summary>
    public int Degree { get; set; } = 1;
    /// <summary>GP RKHS norm scaling, e.g. "d^3".</summary>
    public string GpNorm { get; set; } = "1";
    /// <summary>True if first-layer pre-activations (linear in x) can express it: it then has norm gp_norm under K_0.</summary>
    public bool Linear { get; set; }
    /// <summary>Factor in rule 1: after specialisation with Σμ² = c the norm becomes spike_factor·N_l/c (e.g. N_w for
    /// a patch-sum target in a CNN); "1" by default.</summary>
    public string? SpikeFactor { get; set; }
}
