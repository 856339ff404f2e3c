using FeatureScale.Sampling;

namespace FeatureScale.Cli.Commands;

/// <summary>The last line of <c>featurescale train</c>: the step the sampler used, the samples, the time, the
/// folder. ULA's step is η in θ; the others' is h in prior-normalised coordinates (η is then the probe's only).
/// </summary>
public static class StepLine
{
    /// <summary>The line for a run whose sampler reported <paramref name="sampler"/> (null: ULA at η).</summary>
    public static string Of(SamplerReport? sampler, double eta, string etaSource, double etaLambdaMax, long samples,
        double wallSeconds, string outDir)
    {
        string tail = FormattableString.Invariant(
            $"{samples} samples in {wallSeconds:0.0}s → {Path.GetFullPath(outDir)}");
        if (sampler is null || sampler.Name == "ula")
            return FormattableString.Invariant(
                $"ula: η = {eta:G3} ({etaSource}, η·λ_max = {etaLambdaMax:0.000}), ") + tail;
        string acceptance = double.IsNaN(sampler.AcceptanceRate)
            ? "" : FormattableString.Invariant($", acceptance {sampler.AcceptanceRate:0.000}");
        return FormattableString.Invariant(
            $"{sampler.Name}: h = {sampler.Step:G3} in z (λ_max(z) = {sampler.NormalisedCurvature:G3})") +
            acceptance + ", " + tail;
    }
}
