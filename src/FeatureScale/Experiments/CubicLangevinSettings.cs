using System.Globalization;
using System.Text.Json.Serialization;
using FeatureScale.Theory.Adaptive;

namespace FeatureScale.Experiments;

/// <summary>
/// A Langevin experiment on the cubic teacher of arXiv 2310.03789 (§3.1, App. C, App. D): y = He₁(z) + ε He₃(z),
/// z = w*·x, x ~ N(0, I_d), |w*| = 1; two-layer erf student f(x) = Σ_i a_i erf(w_i·x) of width N; n training points.
/// <para>
/// Mapping onto the trainer (<see cref="TrainConfig"/>, <see cref="Training"/>): the paper's posterior
/// p(θ|D) ∝ exp(−Σ_μ(f(x_μ) − y_μ)²/(2σ²)) Π_i N(w_i; 0, σ_w²/d · I) N(a_i; 0, σ_a²/N) is the trainer's
/// exp(−L/κ)·prior with L = ½Σ(f − y)², so κ = σ² (noise = ridge = temperature), <c>sigma2_layers</c> =
/// [σ_w², σ_a²] (the trainer's prior variance of layer l is σ_l²/N_{l−1}: σ_w²/d for W, σ_a²/N for a), standard
/// parameterisation (χ = 1), target "h1+6ε*he3" (he3 = He₃/3!, so 6ε·he3 = ε He₃; h1 = He₁). With the paper's
/// σ_a² = 8/N at N = 700 each read-out weight has variance 8/N² (mean-field scaling, σ̃_a² = 8, χ = N).
/// </para>
/// </summary>
public sealed record CubicLangevinSettings
{
    /// <summary>Width N.</summary>
    public int Width { get; init; } = 700;
    /// <summary>Training points n.</summary>
    public int Samples { get; init; } = 3000;
    /// <summary>Input dimension d.</summary>
    public int Dimension { get; init; } = 150;
    /// <summary>First-layer prior variance σ_w² (W ~ N(0, σ_w²/d)).</summary>
    public double SigmaW2 { get; init; } = 0.5;
    /// <summary>Read-out σ_a² (a ~ N(0, σ_a²/N)); the paper's Fig. 2: 8/N at N = 700.</summary>
    public double SigmaA2 { get; init; } = 8.0 / 700;
    /// <summary>Cubic coefficient ε of the teacher.</summary>
    public double Epsilon { get; init; } = -0.3;
    /// <summary>Noise variance σ² (= κ).</summary>
    public double Noise { get; init; } = 0.18;
    /// <summary>Independent chains (networks).</summary>
    public int Chains { get; init; } = 8;
    /// <summary>Burn-in steps (traced, not kept).</summary>
    public int Burnin { get; init; } = 2000;
    /// <summary>Sampling steps after burn-in.</summary>
    public int Steps { get; init; } = 4000;
    /// <summary>Keep a sample every this many steps.</summary>
    public int Thin { get; init; } = 100;
    /// <summary>Record the loss trace every this many steps (burn-in included).</summary>
    public int TraceEvery { get; init; } = 100;
    /// <summary>Test points (the paper: 3000).</summary>
    public int TestPoints { get; init; } = 1000;
    /// <summary>Step size (default: 0.1/λ_max at chain 0's initial point, as the trainer).</summary>
    public double? Eta { get; init; }
    /// <summary>
    /// The sampler (null: unadjusted Langevin at <see cref="Eta"/>, whose steps are the paper's Langevin time). Others
    /// step in prior-normalised coordinates (docs/samplers.md); their trace's time is then h·step in z units.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Sampling.SamplerSettings? Sampler { get; init; }
    /// <summary>A new training set per chain (the paper's data-seed ensemble); false: one shared set.</summary>
    public bool NewDataPerChain { get; init; } = true;
    /// <summary>Seed of every stream.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Threads (0 = all cores); results do not depend on it.</summary>
    public int Threads { get; init; } = 0;

    /// <summary>Teacher spec in the trainer's grammar: "h1+6ε*he3" (e.g. "h1-1.8*he3" for ε = −0.3).</summary>
    public string TargetSpec => "h1" + (6 * Epsilon >= 0 ? "+" : "") + (6 * Epsilon).ToString("G15", CultureInfo.InvariantCulture) + "*he3";

    /// <summary>u = n²σ_a²/(σ⁴ d N).</summary>
    public double Interaction => CubicTeacher.Interaction(Samples, Width, Dimension, SigmaA2, Noise);

    /// <summary>The same experiment as a trainer configuration (the mapping stated on the type).</summary>
    public TrainConfig ToTrainConfig() => new()
    {
        D = Dimension, P = Samples, Depth = 2, Width = Width, Activation = "erf", Target = TargetSpec,
        Kappa = Noise, Sigma2Layers = [SigmaW2, SigmaA2], Parameterisation = "standard",
        Chains = Chains, Steps = Steps, Burnin = Burnin, Thin = Thin, Seed = Seed, Threads = Threads,
        TestPoints = TestPoints, NewDataPerChain = NewDataPerChain,
        // null sampler: ULA at η (this type's default, unlike the trainer's); η is ULA's step only
        Sampler = Sampler ?? new Sampling.SamplerSettings { Name = "ula" },
        Eta = Sampler is null || Sampler.BaseName == "ula" ? Eta : null,
    };

    /// <summary>The theory's parameters for the same setting.</summary>
    public CubicTeacherParameters Theory => new(Width, Samples, Dimension, SigmaW2, SigmaA2, Epsilon, Noise);

    /// <summary>
    /// The paper's (α, β) family (Table 1, Eq. 11) applied to this setting: N → βN, d → √β d, σ_a² → σ_a²/√β,
    /// σ² → (α/β)σ², n → αn (sizes rounded to integers; u invariant up to the rounding).
    /// </summary>
    public CubicLangevinSettings Scaled(double alpha, double beta) => this with
    {
        Width = Math.Max(1, (int)Math.Round(beta * Width)), Dimension = Math.Max(2, (int)Math.Round(Math.Sqrt(beta) * Dimension)),
        SigmaA2 = SigmaA2 / Math.Sqrt(beta), Noise = alpha / beta * Noise, Samples = Math.Max(1, (int)Math.Round(alpha * Samples)),
    };
}
