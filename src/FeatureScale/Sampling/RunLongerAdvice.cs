namespace FeatureScale.Sampling;

/// <summary>What a warning about unmixed chains advises, by sampler.</summary>
public static class RunLongerAdvice
{
    /// <summary>"run longer or try --sampler baoab" for the samplers that mix slower than BAOAB, else how to run
    /// longer (an extension to the R̂ target) or try replica exchange.</summary>
    public static string For(SamplerSettings? sampler) => sampler?.BaseName switch
    {
        "baoab" => "run longer (e.g. --rhat-target 1.05) or try replica exchange (--replicas 4)",
        _ => "run longer or try --sampler baoab",
    };
}
