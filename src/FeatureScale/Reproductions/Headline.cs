namespace FeatureScale.Reproductions;

/// <summary>The headline study of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Headline
{
    /// <summary>The headline study: Fig. 2b (P* vs d) and Fig. 2c (specialised neurons vs √(N/d)) in one folder.</summary>
    [Reproduction("headline", "Headline study: two-layer erf on h3 — P* vs d (experiment, LDT, pattern engine) and specialised neurons vs √(N/d) (fig2b + fig2c)", 0, Needs.Trainer, Needs.Ldt, Needs.Patterns,
        Standard = true)]
    public static ReproductionResult Run(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var v = Fig2b.Run(ctx, 0, 0.62).ToList();
        v.AddRange(Fig2c.Run(ctx, 0.62, 1));
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }
}
