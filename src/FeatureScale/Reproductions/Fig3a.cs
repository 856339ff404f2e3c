using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 3a of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig3a
{
    /// <summary>Fig. 3a: three-layer A_f vs P/d collapse and P* ∝ d.</summary>
    [Reproduction("fig3a", "Three-layer erf on h3: A_f vs P/d collapse for d = N1 = N2", 4, Needs.Trainer,
        Needs.Patterns, Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var v = ctx.SweepAndAnalyse("three_layer_sweep", ThreeLayerSpec(ctx.Mode)).ToList();
        v.Add(QualityNote(Path.Combine(ctx.OutDir, "three_layer_sweep")));
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
