using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 6 of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig6
{
    /// <summary>Fig. 6 (power-law covariance k^−1.1 + layer norm) at the paper's size.</summary>
    [Reproduction("fig6", "As fig5 with power-law input covariance k^-1.1 and layer norm", 8, Needs.Kernels)]
    public static ReproductionResult Run(ReproductionContext ctx) => Propagation(ctx, s => Kernels.PropagationConfig.PowerLaw(s), "Fig. 6");
}
