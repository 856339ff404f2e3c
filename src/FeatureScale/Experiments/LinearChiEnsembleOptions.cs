using System.Text.Json.Serialization;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>Run lengths of a Langevin ensemble of the linear χ-network.</summary>
/// <param name="Chains">Independent chains (the Monte-Carlo error is estimated from the spread of their means).</param>
/// <param name="Burnin">Steps per chain before measuring.</param>
/// <param name="Steps">Measured steps per chain.</param>
/// <param name="Thin">Measure every this many steps.</param>
/// <param name="Seed">Seed of the initialisation and noise streams (data are the caller's).</param>
/// <param name="StepFraction">η λ_max, with λ_max (power iteration on the action's Hessian) the larger of its values at
/// initialisation and after a pilot burn-in.</param>
/// <param name="Threads">Chains run in parallel on this many threads (0 = all cores); results do not depend on it.</param>
/// <param name="Sampler">The chains' sampler (<see cref="SamplerCatalog"/>); null is unadjusted Langevin with step η. The
/// z-samplers take their step from λ_max(z), the larger of its values at initialisation and after the pilot.</param>
public sealed record LinearChiEnsembleOptions(int Chains = 16, int Burnin = 4000, int Steps = 40000, int Thin = 10,
    ulong Seed = 1, double StepFraction = 0.05, int Threads = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SamplerSettings? Sampler = null);
