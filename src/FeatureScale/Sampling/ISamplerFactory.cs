namespace FeatureScale.Sampling;

/// <summary>Builds one chain's sampler from a <see cref="SamplerContext{T}"/>.</summary>
public interface ISamplerFactory
{
    /// <summary>One-line description (for --help and docs).</summary>
    string Description { get; }

    /// <summary>Whether this sampler's step is set from λ_max(z) (so the trainer must compute it).</summary>
    bool NeedsNormalisedCurvature { get; }

    /// <summary>The step h this sampler will use in z (NaN for "ula", whose step is η).</summary>
    double Step(SamplerSettings settings, double normalisedCurvature);

    /// <summary>A new sampler for one chain.</summary>
    IChainSampler<T> Create<T>(SamplerContext<T> context) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>;
}
