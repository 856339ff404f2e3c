using FeatureScale.Theory;

namespace FeatureScale.Verification;

/// <summary>
/// A pattern-engine problem read as an experiment the trainer can run: a two- or three-layer FCN (one or two hidden
/// layers of widths N_l(d)) with activation erf, tanh or relu on a single-index Hermite teacher
/// h_n = He_n(w*·x)/√n!, or (task patch) a two-layer CNN with N_w(d) non-overlapping patches of size S = d/N_w on
/// the patch-sum target Σ_i h_n(w*·x_i), κ = σ² = 1; or (task parity) a two-layer FCN on noisy k-parity with
/// cross-entropy, k the target's degree, κ = 0.05 (Fig. 7's), P* where the test accuracy crosses 0.75. Every scale
/// other than d is a monomial of d (from --set, else d itself), so the prediction is one exponent: P* ∝ d^k.
/// Two-layer FCNs on Hermite teachers have the LDT's P*(d) to place the P grid; the others a pilot scan
/// (<see cref="HasLdt"/>). Anything else is refused in one line before any work
/// starts (<see cref="From"/>).
/// </summary>
/// <param name="Spec">The problem as read.</param>
/// <param name="Substitutions">Every scale other than d as a monomial of d (given and defaulted).</param>
/// <param name="Defaulted">The scales set to d because no --set named them.</param>
/// <param name="Activation">The trainer's and the LDT's activation name.</param>
/// <param name="Degree">Hermite degree n of the teacher.</param>
/// <param name="WidthExponents">N_l = d^WidthExponents[l − 1] per hidden layer (rounded to integer widths).</param>
/// <param name="Winner">The winning pattern at these substitutions.</param>
/// <param name="PStarExponent">The winner's P* exponent in d.</param>
public sealed record VerifiableProblem(ProblemSpec Spec, IReadOnlyDictionary<string, Monomial> Substitutions,
    IReadOnlyList<string> Defaulted, string Activation, int Degree, IReadOnlyList<double> WidthExponents,
    string Winner, double PStarExponent)
{
    /// <summary>The trainer's architecture: "fcn", or "cnn" for a problem of task patch.</summary>
    public string Arch { get; init; } = "fcn";

    /// <summary>CNN only: the number of patches N_w = d^PatchExponent (rounded); 0 for an FCN.</summary>
    public double PatchExponent { get; init; }

    /// <summary>Whether the trainer is the CNN (task patch).</summary>
    public bool IsCnn => Arch == "cnn";

    /// <summary>The trainer's task: "hermite", or "parity" (noisy k-parity, cross-entropy).</summary>
    public string Task { get; init; } = "hermite";

    /// <summary>Whether the task is noisy parity.</summary>
    public bool IsParity => Task == "parity";

    /// <summary>
    /// κ of every run: 1, or Fig. 7's 0.05 for parity (cross-entropy at κ = 1 is too hot to learn at P ∝ d).
    /// </summary>
    public double Kappa => IsParity ? 0.05 : 1.0;

    /// <summary>The observable whose crossing defines P*, in words: "A_f", or "test accuracy" for parity.</summary>
    public string ObservableText => IsParity ? "test accuracy" : "A_f";

    /// <summary>Its threshold: A_f = 0.1, or a test accuracy of 0.75 (halfway from chance to perfect).</summary>
    public double Threshold => IsParity ? 0.75 : Analysis.PStar.DefaultThreshold;

    /// <summary>CNN: the patches N_w at input dimension d (1 for an FCN).</summary>
    public int Patches(int d) => IsCnn ? Math.Max(1, (int)Math.Round(Math.Pow(d, PatchExponent))) : 1;

    /// <summary>Whether d is a size the trainer can build: every d for an FCN; d = N_w·S for a CNN.</summary>
    public bool IsValidSize(int d) => d >= Math.Max(2, IsParity ? Degree : 0) && d % Patches(d) == 0
        && (!IsCnn || d / Patches(d) >= 2);

    /// <summary>
    /// The valid size nearest to <paramref name="d"/> (ties: the larger): d itself for an FCN; for a CNN the
    /// nearest d that N_w(d) divides.
    /// </summary>
    public int NearestValidSize(int d)
    {
        for (int k = 0; k <= d; k++)
        {
            if (IsValidSize(d + k)) return d + k;
            if (d - k >= 2 && IsValidSize(d - k)) return d - k;
        }
        return d;
    }

    /// <summary>
    /// The summary path of the observable: the FCN trainer's alignment.mean, else the other trainer's first
    /// observable (the CNN's A_f, parity's test accuracy).
    /// </summary>
    public string AlignmentPath => IsCnn || IsParity ? "observables.0.mean" : "alignment.mean";

    /// <summary>The summary path of its split-R̂.</summary>
    public string RhatPath => IsCnn || IsParity ? "observables.0.rhat" : "rhat";

    /// <summary>The first hidden layer's exponent: N1 = d^WidthExponent.</summary>
    public double WidthExponent => WidthExponents[0];

    /// <summary>Weight layers L (hidden layers + 1).</summary>
    public int Depth => WidthExponents.Count + 1;

    /// <summary>
    /// Whether the two-layer LDT bounds P* (a two-layer FCN on a Hermite target); deeper networks, CNNs and parity
    /// anchor on a pilot scan.
    /// </summary>
    public bool HasLdt => Depth == 2 && !IsCnn && !IsParity;

    private static readonly string[] Activations = ["erf", "tanh", "relu"];

    /// <summary>The trainer's target name (unit-norm Hermite, so the LDT's and the trainer's A_f coincide).</summary>
    public string Target => IsParity ? $"parity{Degree}" : $"h{Degree}";

    /// <summary>The first hidden layer's width at input dimension d.</summary>
    public int Width(int d) => Widths(d)[0];

    /// <summary>Every hidden layer's width at input dimension d.</summary>
    public int[] Widths(int d) =>
        WidthExponents.Select(k => Math.Max(1, (int)Math.Round(Math.Pow(d, k)))).ToArray();

    /// <summary>The widths as monomials of d for the record: "d" (two-layer), "d, d^1.5" (three-layer).</summary>
    public string WidthText => string.Join(", ", WidthExponents.Select(k =>
        k == 1 ? "d" : FormattableString.Invariant($"d^{k:0.###}")));

    /// <summary>The network in words: "two-layer erf network", "three-layer tanh network", "two-layer erf CNN".
    /// </summary>
    public string NetworkText => $"{(Depth == 2 ? "two" : "three")}-layer {Activation} {(IsCnn ? "CNN" : "network")}";

    /// <summary>The patches as a monomial of d for the record ("d^0.5"); empty for an FCN.</summary>
    public string PatchText => IsCnn ? FormattableString.Invariant($"d^{PatchExponent:0.###}") : "";

    /// <summary>
    /// The trainer's config at (d, P) with the verify defaults (BAOAB; 0.3 of its step at depth 3): what the cost
    /// probe times and what every sweep run starts from.
    /// </summary>
    public Experiments.TrainConfig TrainConfigAt(int d, int p)
    {
        var c = new Experiments.TrainConfig
        {
            D = d, P = p, Depth = Depth, Activation = Activation, Target = IsParity ? "h3" : Target,
            Widths = Widths(d), Kappa = Kappa,
            Sampler = new Sampling.SamplerSettings { Name = "baoab", StepFraction = Depth > 2 ? 0.3 : null },
        };
        if (IsParity) return c with { Task = Task, ParityOrder = Degree, Widths = null, Width = Width(d) };
        return IsCnn ? c with { Arch = Arch, Widths = null, Width = Width(d), Patches = Patches(d) } : c;
    }

    /// <summary>
    /// The LDT's sample complexity at d (α = 1, κ = 1, σ² = 1): the lower bound the P grid starts from.
    /// </summary>
    public double LdtPStar(int d) => !HasLdt
        ? throw new InvalidOperationException($"{Spec.Name}: the LDT bounds two-layer networks only (depth {Depth})")
        : new TwoLayerLdt(new LdtConfig(FeatureScale.Activations.Activation.Parse(Activation),
            HermiteTarget.Parse(Target), d, Width(d), Kappa: 1, Alpha: 1)).Solve().PStar;

    /// <summary>
    /// The lazy (NNGP; eigenlearning for an FCN, direct GP regression for a CNN, <see cref="PatchLazyAlignment"/>) A_f
    /// at (d, P): what the network's GP limit alone learns of the target. Where
    /// it is a sizeable share of the 0.1 threshold, the measured P* is pulled down by the lazy part (a finite-size
    /// bias that falls as d grows).
    /// </summary>
    public double LazyAlignment(int d, double p)
    {
        if (IsParity) return double.NaN;   // an accuracy, not A_f: no lazy counterpart computed
        if (IsCnn)   // the patch kernel's spectrum is not the FCN's: direct GP regression with its exact kernel
            return PatchLazyAlignment.Of(Patches(d), d / Patches(d), Activation, Target, (int)Math.Round(p), sets: 8);
        var kernel = new Kernels.NngpKernel(FeatureScale.Activations.Activation.Parse(Activation), Depth, 1.0);
        var power = Data.HermiteSeries.Parse(Target).PowerByDegree();
        return Kernels.Eigenlearning.PredictForKernel(kernel, d, p, power, 1.0, Math.Max(8, power.Length - 1))
            .Alignment;
    }

    /// <summary>
    /// Reads a problem for verification; <paramref name="sets"/> are the user's substitutions (VAR → monomial).
    /// Throws <see cref="ConfigException"/> with one line when the problem is not one the trainer can sample.
    /// </summary>
    public static VerifiableProblem From(ProblemSpec spec, IReadOnlyDictionary<string, Monomial>? sets = null)
    {
        string name = $"verify: problem '{spec.Name}'";
        string arch = spec.Task switch
        {
            null or "hermite" or "parity" => "fcn",
            "patch" => "cnn",
            var task => throw new ConfigException($"{name} is a {task} task; verify trains Hermite teachers on FCNs " +
                "(task hermite), noisy parity on FCNs (task parity) and patch-sum teachers on CNNs (task patch) today"),
        };
        bool cnn = arch == "cnn", parity = spec.Task == "parity";
        if (parity && spec.Layers.Count != 1)
            throw new ConfigException($"{name} has {spec.Layers.Count} hidden layers; parity is trained on a " +
                "two-layer network (one hidden layer)");
        if (!spec.Scales.Contains("d"))
            throw new ConfigException($"{name} has no scale 'd': verify measures P* against the input dimension d");
        if (cnn && spec.Layers.Count != 1)
            throw new ConfigException($"{name} has {spec.Layers.Count} hidden layers; a CNN (task patch) has one");
        if (spec.Layers.Count is < 1 or > 2)
            throw new ConfigException($"{name} has {spec.Layers.Count} hidden layers; verify designs two- and " +
                "three-layer networks (one or two hidden layers) today");
        if (!Activations.Contains(spec.Activation))
            throw new ConfigException($"{name}: activation '{spec.Activation}' cannot be trained and bounded here " +
                $"(verify takes {string.Join(", ", Activations)})");
        if (spec.ReadoutFactor is { } rf && !Monomial.Parse(rf).IsOne)
            throw new ConfigException($"{name}: readout_factor '{rf}' (mean-field scaling) is not designed by verify " +
                "yet; it runs standard scaling");
        if (spec.HermiteSupport is not null)
            throw new ConfigException($"{name}: hermite_support overrides the activation's Hermite degrees, which " +
                "the trainer cannot follow; remove it");
        var target = spec.Features.FirstOrDefault(f => f.Name == spec.Target)
            ?? throw new ConfigException($"{name}: target feature '{spec.Target}' not in the catalogue");
        bool singleIndex = (cnn || target.SpikeFactor is null) && target.Degree >= 1 && target.Degree <= 12
            && (target.Degree == 1 ? target.Linear
                : spec.Features.Any(f => f.Direction == target.Direction && f.Degree == 1 && f.Linear));
        if (!singleIndex)
            throw new ConfigException($"{name}: the target '{target.Name}' is not a single-index Hermite feature (a " +
                "degree-n power of a linear direction, n ≤ 12)" +
                (cnn ? "" : "; a patch-sum target needs task patch"));

        var subs = new Dictionary<string, Monomial>(StringComparer.Ordinal);
        foreach (var (k, v) in sets ?? new Dictionary<string, Monomial>())
        {
            if (k == "d") throw new ConfigException("verify: --set d=… is not allowed: d is the size verify varies");
            if (!spec.Scales.Contains(k))
                throw new ConfigException(
                    $"{name}: --set {k}: not a scale of the problem ({string.Join(", ", spec.Scales)})");
            if (v.Variables.Any(x => x != "d"))
                throw new ConfigException($"verify: --set {k}={v}: write it as a monomial of d alone, e.g. {k}=d");
            subs[k] = v;
        }
        var defaulted = spec.Scales.Where(v => v != "d" && !subs.ContainsKey(v)).ToList();
        foreach (var v in defaulted) subs[v] = Monomial.Var("d");
        var derived = (spec.Derived ?? []).ToDictionary(kv => kv.Key, kv => Monomial.Parse(kv.Value).Substitute(subs),
            StringComparer.Ordinal);
        var widthExponents = new List<double>();
        foreach (var layer in spec.Layers)
        {
            var width = Monomial.Parse(layer.Width).Substitute(derived).Substitute(subs);
            if (width.Variables.Any(x => x != "d"))
                throw new ConfigException($"{name}: the width '{layer.Width}' is {width} after substitution; " +
                    "set its scales with --set");
            double widthExponent = width["d"].ToDouble();
            if (!(widthExponent > 0) || widthExponent > 2)
                throw new ConfigException(
                    $"{name}: the width {layer.Width} = {width} must grow with d, at most as d^2");
            widthExponents.Add(widthExponent);
        }

        double patchExponent = 0;
        if (cnn)
        {
            var nw = derived.TryGetValue("N_w", out var m) ? m
                : subs.TryGetValue("N_w", out var m2) ? m2
                : throw new ConfigException($"{name}: a CNN problem (task patch) names its number of patches N_w " +
                    "(a scale or a derived scale, e.g. \"derived\": {\"N_w\": \"d*S^-1\"})");
            if (nw.Variables.Any(x => x != "d"))
                throw new ConfigException($"{name}: N_w is {nw} after substitution; set its scales with --set");
            patchExponent = nw["d"].ToDouble();
            if (!(patchExponent > 0) || !(patchExponent < 1))
                throw new ConfigException($"{name}: N_w = {nw} must grow with d more slowly than d (patches of " +
                    "size S = d/N_w ≥ 2 that grow too), e.g. --set S=d^(1/2)");
        }

        var prediction = PatternEngine.Predict(spec, subs);
        if (prediction.Winner is not { } winner || prediction.PStar is not { } pstar)
            throw new ConfigException($"{name}: the winning pattern depends on the scales at these substitutions; " +
                "fix them with --set");
        if (pstar.Variables.Any(x => x != "d"))
            throw new ConfigException($"{name}: P* ∝ {pstar} depends on more than d; fix the other scales with --set");
        return new VerifiableProblem(spec, subs, defaulted, spec.Activation, target.Degree, widthExponents, winner,
            pstar["d"].ToDouble()) { Arch = arch, PatchExponent = patchExponent, Task = parity ? "parity" : "hermite" };
    }
}
