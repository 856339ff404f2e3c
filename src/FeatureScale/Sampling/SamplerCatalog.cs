namespace FeatureScale.Sampling;

/// <summary>
/// The samplers by name, one line each; <see cref="Create{T}"/> adds the read-out Gibbs move for "name+gibbs" and
/// replica exchange over a κ ladder when the settings ask for replicas.
/// Every sampler here has the posterior exp(−L/κ)·prior as stationary law (exactly for mala, up to O(step) for ula and
/// precond, O(h²) for baoab).
/// </summary>
public static class SamplerCatalog
{
    private static readonly Dictionary<string, ISamplerFactory> Factories = new(StringComparer.Ordinal)
    {
        ["ula"] = new Ula(),
        ["precond"] = new Preconditioned(),
        ["mala"] = new Mala(),
        ["baoab"] = new Baoab(),
    };

    /// <summary>Registered base names.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>The factory of a base name.</summary>
    public static ISamplerFactory Get(string baseName) =>
        Factories.TryGetValue(baseName, out var f) ? f : throw new ConfigException($"unknown sampler '{baseName}' (use {string.Join(", ", Names)})");

    /// <summary>The sampler <paramref name="context"/>'s settings name, with the read-out Gibbs move when asked.</summary>
    public static IChainSampler<T> Create<T>(SamplerContext<T> context) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var s = context.Settings.Validate();
        if (s.ReplicaCount > 1)
        {
            // one sampler per temperature, each with the target's step (a hotter posterior is no stiffer)
            var ladder = s.KappaLadder(context.Kappa);
            var single = s with { Replicas = null, KappaRatio = null, SwapEvery = null };
            var replicas = ladder.Select(k => Create(context with { Kappa = k, Settings = single })).ToList();
            return new ReplicaExchange<T>(replicas, context.Model, ladder, s.SwapEvery ?? 10);
        }
        var sampler = Get(s.BaseName).Create(context);
        return s.ReadoutGibbs ? new ReadoutGibbs<T>(sampler, context.Model, context.Kappa, context.FrozenBlocks) : sampler;
    }

    /// <summary>Whether the trainer must compute λ_max(z) for these settings.</summary>
    public static bool NeedsNormalisedCurvature(SamplerSettings s) => Get(s.Validate().BaseName).NeedsNormalisedCurvature;

    /// <summary>The z-step h these settings give at curvature λ_max(z) (NaN for "ula").</summary>
    public static double Step(SamplerSettings s, double normalisedCurvature) => Get(s.Validate().BaseName).Step(s, normalisedCurvature);

    /// <summary>
    /// The step fraction these settings use when their step follows the probed curvature (precond, mala, baoab without
    /// an explicit <c>step</c>): <c>step_fraction</c> or the sampler's default; null otherwise (ula, a fixed step).
    /// </summary>
    public static double? AutomaticStepFraction(SamplerSettings s)
    {
        var v = s.Validate();
        return Get(v.BaseName) is ZStep z && v.Step is null ? v.StepFraction ?? z.DefaultFraction : null;
    }

    /// <summary>A sampler whose step h (in z) is <c>step</c>, or <c>step_fraction</c> over λ_max(z) (or its square root).</summary>
    private abstract class ZStep(string description, double defaultFraction, bool overSqrt) : ISamplerFactory
    {
        public double DefaultFraction => defaultFraction;
        public string Description => description;
        public bool NeedsNormalisedCurvature => true;

        public double Step(SamplerSettings s, double lambda)
        {
            if (s.Step is { } h) return h;
            double f = s.StepFraction ?? defaultFraction;
            return overSqrt ? f / Math.Sqrt(lambda) : f / lambda;
        }

        public IChainSampler<T> Create<T>(SamplerContext<T> c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
            Build(c, Step(c.Settings, c.NormalisedCurvature));

        protected abstract IChainSampler<T> Build<T>(SamplerContext<T> c, double h) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>;
    }

    private sealed class Ula : ISamplerFactory
    {
        public string Description => "unadjusted Langevin in θ with the trainer's step η (the reference)";
        public bool NeedsNormalisedCurvature => false;
        public double Step(SamplerSettings s, double lambda) => double.NaN;
        public IChainSampler<T> Create<T>(SamplerContext<T> c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
            new LangevinSampler<T>(c.Model, c.Eta, c.Kappa, c.FrozenBlocks) { UpdateThreads = c.UpdateThreads };
    }

    private sealed class Preconditioned() : ZStep("unadjusted Langevin with per-block step η_b = h·v_b/κ (step h in z)", 0.1, false)
    {
        protected override IChainSampler<T> Build<T>(SamplerContext<T> c, double h) =>
            LangevinSampler<T>.Preconditioned(c.Model, h, c.Kappa, c.FrozenBlocks);
    }

    private sealed class Mala() : ZStep("Metropolis-adjusted Langevin in z: exact stationary law, acceptance rate reported", 0.5, false)
    {
        protected override IChainSampler<T> Build<T>(SamplerContext<T> c, double h) =>
            new MetropolisLangevin<T>(c.Model, h, c.Kappa, c.FrozenBlocks);
    }

    private sealed class Baoab() : ZStep("underdamped Langevin in z (BAOAB splitting, unit mass, friction γ)", 1.0, true)
    {
        protected override IChainSampler<T> Build<T>(SamplerContext<T> c, double h) =>
            new UnderdampedLangevin<T>(c.Model, h, c.Settings.Friction, c.Kappa, c.FrozenBlocks);
    }
}
