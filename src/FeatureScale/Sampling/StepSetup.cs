using System.Globalization;
using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// The step size and sampler settings of an ensemble, set once from chain 0's prior draw: η = SafeFraction/λ_max
/// of the action there (unless given), λ_max in prior-normalised coordinates for the samplers that step in z, and a
/// warning when a given η is large. One definition for every trainer (FCN, CNN, attention).
/// </summary>
/// <param name="LambdaMax">Largest curvature of the action at the initial point (power iteration).</param>
/// <param name="Eta">The step size used (<see cref="EtaSource"/> says whether it was given).</param>
/// <param name="EtaSource">"config" when the user gave η, else "auto".</param>
/// <param name="LambdaZ">λ_max in prior-normalised coordinates, or NaN when the sampler does not need it.</param>
/// <param name="Sampler">The validated sampler settings.</param>
/// <param name="Warning">A warning for a large η, or null.</param>
public sealed record StepSetup(double LambdaMax, double Eta, string EtaSource, double LambdaZ, SamplerSettings Sampler,
    string? Warning)
{
    /// <summary>The η to suggest to a chain that diverges: a quarter of η, never above the safe step.</summary>
    public double SuggestedEta => Math.Min(Eta / 4, StepSize.SafeFraction / LambdaMax);

    /// <summary>What the chains' sampler did: its name, its step (η for ula, else h in z), friction, acceptance.</summary>
    public SamplerReport Report(IEnumerable<SamplerStatistics?> chains, double kappa = double.NaN)
    {
        long proposals = 0, accepted = 0;
        int pairs = Sampler.ReplicaCount - 1;
        var swapProposed = new long[Math.Max(pairs, 0)];
        var swapAccepted = new long[Math.Max(pairs, 0)];
        foreach (var s in chains)
        {
            proposals += s?.Proposals ?? 0; accepted += s?.Accepted ?? 0;
            for (int r = 0; r < pairs && s?.SwapProposals is { } sp && s.SwapAccepted is { } sa; r++)
            {
                swapProposed[r] += sp[r]; swapAccepted[r] += sa[r];
            }
        }
        return new SamplerReport(Sampler.Name.Trim().ToLowerInvariant(),
            Sampler.BaseName == "ula" ? Eta : SamplerCatalog.Step(Sampler, LambdaZ), LambdaZ,
            Sampler.BaseName == "baoab" ? Sampler.Friction : double.NaN,
            new SamplerStatistics(proposals, accepted).AcceptanceRate)
        {
            KappaLadder = pairs > 0 && double.IsFinite(kappa) ? Sampler.KappaLadder(kappa) : null,
            SwapAcceptance = pairs > 0
                ? swapProposed.Select((p, r) => p > 0 ? (double)swapAccepted[r] / p : double.NaN).ToArray() : null,
        };
    }

    /// <summary>
    /// Probes <paramref name="probe"/> (a double-precision copy of the model) at a prior draw from the seed's
    /// chain-0 "init" stream, with the "step-size" and "step-size-z" streams for the power iterations.
    /// </summary>
    public static StepSetup Probe(IPosteriorModel<double> probe, double kappa, IEnumerable<int> frozenBlocks,
        ulong seed, double? eta, SamplerSettings sampler, int iterations = 30)
    {
        var theta0 = new double[probe.ParameterCount];
        LangevinSampler<double>.DrawPrior(probe, theta0, RandomStream.For(seed, 0, "init"));
        var frozen = FrozenMask.Of(probe, frozenBlocks);
        double lambda = StepSize.LargestCurvature(probe, theta0, kappa, frozen, RandomStream.For(seed, 0, "step-size"),
            iterations);
        double h = eta ?? StepSize.SafeFraction / lambda;
        string? warning = h * lambda > StepSize.WarnFraction
            ? string.Create(CultureInfo.InvariantCulture,
                $"step size η = {h:G3} is large: η·λ_max = {h * lambda:G3} at initialisation (stability needs < 2; " +
                $"accuracy wants ≲ {StepSize.SafeFraction}); try --eta {StepSize.SafeFraction / lambda:G3}")
            : null;
        var settings = sampler.Validate();
        double lambdaZ = SamplerCatalog.NeedsNormalisedCurvature(settings)
            ? StepSize.LargestNormalisedCurvature(probe, theta0, kappa, frozen, RandomStream.For(seed, 0, "step-size-z"),
                iterations)
            : double.NaN;
        return new StepSetup(lambda, h, eta is null ? "auto" : "config", lambdaZ, settings, warning);
    }
}
