using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 5 of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig5
{
    /// <summary>Fig. 5 (i.i.d. inputs, ReLU) at the paper's size: the next layer's ⟨Φ|K⁻¹|Φ⟩ of Φ*² vs the boost D.</summary>
    [Reproduction("fig5", "GFL propagation in a ReLU FCN: ⟨Φ|K⁻¹|Φ⟩ and ⟨Φ|K|Φ⟩⁻¹ vs D (expected D⁻²)", 7, Needs.Kernels)]
    public static ReproductionResult Run(ReproductionContext ctx) => Propagation(ctx, s => Kernels.PropagationConfig.Full(s), "Fig. 5");
}
