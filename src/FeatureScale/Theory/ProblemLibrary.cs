namespace FeatureScale.Theory;

/// <summary>
/// The built-in problems of arXiv 2512.04165 (§5–6, App. E). Each is a plain <see cref="ProblemSpec"/>, i.e. exactly
/// what a problem JSON file holds (<c>featurescale predict --problem NAME --dump-problem</c> prints it; the same files
/// are shipped under problems/). Names: fcn2-he&lt;m&gt;, fcn2-mf-he&lt;m&gt; (m = 1…9), cnn-lin, fcn3-he3,
/// attention-cubic, parity2-relu.
/// </summary>
public static class ProblemLibrary
{
    /// <summary>Names of the built-ins (m = 3 for the Hermite families; any m in 1…9 is accepted).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["fcn2-he3", "fcn2-mf-he3", "cnn-lin", "fcn3-he3", "attention-cubic", "parity2-relu"];

    /// <summary>A built-in by name, or a problem JSON file by path.</summary>
    public static ProblemSpec Resolve(string nameOrPath)
    {
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath))
        {
            if (!File.Exists(nameOrPath)) throw new ConfigException($"problem file '{nameOrPath}' not found");
            return ProblemSpec.FromJson(File.ReadAllText(nameOrPath), nameOrPath);
        }
        return Get(nameOrPath);
    }

    /// <summary>A built-in by name.</summary>
    public static ProblemSpec Get(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n.StartsWith("fcn2-mf-he") && int.TryParse(n["fcn2-mf-he".Length..], out int mm)) return TwoLayerFcn(mm, meanField: true);
        if (n.StartsWith("fcn2-he") && int.TryParse(n["fcn2-he".Length..], out int m)) return TwoLayerFcn(m, meanField: false);
        return n switch
        {
            "cnn-lin" => CnnLinear(),
            "fcn3-he3" => ThreeLayerFcn(),
            "attention-cubic" => AttentionCubic(),
            "parity2-relu" => Parity2Relu(),
            _ => throw new ConfigException($"unknown problem '{name}': use one of {string.Join(", ", Names)} (fcn2-he<m>, fcn2-mf-he<m> for m = 1..9) or a .json file"),
        };
    }

    /// <summary>Two-layer FCN on y = He_m(w_*·x) (App. E.1.1); mean-field: a_y multiplied by χ = N.</summary>
    public static ProblemSpec TwoLayerFcn(int m, bool meanField)
    {
        if (m < 1 || m > 9) throw new ConfigException("the Hermite degree m must be in 1..9");
        string y = $"he{m}";
        var features = new List<FeatureSpec> { new() { Name = "lin", Direction = "w*", Degree = 1, GpNorm = "d", Linear = true } };
        if (m > 1) features.Add(new FeatureSpec { Name = y, Direction = "w*", Degree = m, GpNorm = $"d^{m}" });
        return new ProblemSpec
        {
            Name = meanField ? $"fcn2-mf-he{m}" : $"fcn2-he{m}",
            Description = $"Two-layer FCN, Gaussian inputs, target He_{m}(w*·x), {(meanField ? "mean-field scaling with χ = N" : "standard scaling")}.",
            Reference = meanField ? "arXiv 2512.04165 App. E.1.1 (mean-field extension)" : "arXiv 2512.04165 App. E.1.1, §5.1",
            Scales = ["d", "N"],
            // erf has only odd Hermite components; for even m a generic activation (all degrees) is assumed.
            Activation = m % 2 == 1 ? "erf" : "generic",
            Layers = [new LayerSpec { Name = "hidden", Width = "N" }],
            Features = features,
            Target = m > 1 ? y : "lin",
            ReadoutFactor = meanField ? "N" : null,
            Patterns =
            [
                new() { Name = "GP", Layers = ["GP"] },
                new() { Name = "GFL", Layers = ["GFL(lin)"] },
                new() { Name = "M-Sp", Layers = ["M-Sp(lin)"] },
            ],
            Notes = meanField ? "Mean-field scaling enhances the alignment factor a_y by χ = N (App. E.1.1)." : null,
        };
    }

    /// <summary>Two-layer CNN with N_w non-overlapping patches of size S (d = N_w S), linear target (App. E.1.2).</summary>
    public static ProblemSpec CnnLinear() => new()
    {
        Name = "cnn-lin",
        Description = "Two-layer CNN, non-overlapping patches (d = N_w·S), N channels, linear target y = Σ_i w*·x_i.",
        Reference = "arXiv 2512.04165 App. E.1.2",
        Scales = ["d", "S", "N"],
        Derived = new() { ["N_w"] = "d*S^-1" },
        Activation = "erf",
        Layers = [new LayerSpec { Name = "conv", Width = "N" }],
        Features =
        [
            new() { Name = "patch_lin", Direction = "w*", Degree = 1, GpNorm = "S", Linear = true },
            new() { Name = "y", Direction = "w*", Degree = 1, GpNorm = "d", Linear = true, SpikeFactor = "N_w" },
        ],
        Target = "y",
        Patterns =
        [
            new() { Name = "GP", Layers = ["GP"] },
            new() { Name = "GFL", Layers = ["GFL(patch_lin)"] },
            new() { Name = "M-Sp", Layers = ["M-Sp(patch_lin)"] },
        ],
        Task = "patch",
        Notes = "A channel sees one patch: specialising on w*·x_i costs S per neuron (weight-space cost, App. D); the shared " +
                "read-out sums over the N_w patches, so rule 1 gives ⟨y,K⁻¹,y⟩ ∝ N_w·N/M (spike_factor N_w). " +
                "Proportional limit: --set S=d^(1/2) --set N=d^(1/2).",
    };

    /// <summary>Three-layer erf FCN on He_3(w_*·x), the patterns of Table 1 (§6.1).</summary>
    public static ProblemSpec ThreeLayerFcn() => new()
    {
        Name = "fcn3-he3",
        Description = "Three-layer erf FCN, Gaussian inputs, target He_3(w*·x), widths N1, N2.",
        Reference = "arXiv 2512.04165 §6.1, Table 1",
        Scales = ["d", "N1", "N2"],
        Activation = "erf",
        Layers = [new LayerSpec { Name = "layer 1", Width = "N1" }, new LayerSpec { Name = "layer 2", Width = "N2" }],
        Features =
        [
            new() { Name = "lin", Direction = "w*", Degree = 1, GpNorm = "d", Linear = true },
            new() { Name = "he3", Direction = "w*", Degree = 3, GpNorm = "d^3" },
        ],
        Target = "he3",
        Patterns =
        [
            new() { Name = "GP-GP", Layers = ["GP", "GP"] },
            new() { Name = "GP-Sp.", Layers = ["GP", "M-Sp(lin)"] },
            new() { Name = "Sp.-Mag.", Layers = ["M-Sp(lin)", "Mag(he3)"], Rename = new() { ["beta2"] = "beta" } },
        ],
        Notes = "The menu is Table 1's; --all-patterns also tries every other per-layer combination.",
    };

    /// <summary>Softmax attention head, H heads, context L, cubic target (§6.2, App. E.3).</summary>
    public static ProblemSpec AttentionCubic() => new()
    {
        Name = "attention-cubic",
        Description = "Softmax attention, H heads, context length L, target y = Σ_ab x^a_1 x^b_2 x^b_3/√(L(L−1)).",
        Reference = "arXiv 2512.04165 §6.2, App. E.3",
        Scales = ["d", "L", "H"],
        Activation = "generic",
        Layers = [new LayerSpec { Name = "heads", Width = "H" }],
        Features =
        [
            new() { Name = "A12", Direction = "A12", Degree = 1, GpNorm = "1", Linear = true },
            new() { Name = "y", Direction = "A12", Degree = 1, GpNorm = "L*d^3", Linear = true, SpikeFactor = "L*d^3" },
        ],
        Target = "y",
        Patterns =
        [
            new() { Name = "lazy", Layers = ["GP"] },
            new() { Name = "specialised", Layers = ["mu-Sp(A12)"], Rename = new() { ["mu"] = "M" } },
        ],
        Notes = "Weight-space energy (Eq. 84): O(1) heads with E[A_h]_12 = M/d cost d²(M/d)² = M² (a μ-Sp with unit norm " +
                "in units of M); the lazy ⟨y,K,y⟩ ∝ 1/(L d³) (Eq. 89) and the specialised one ∝ (M²/d²)/(L d H), i.e. " +
                "⟨y,K⁻¹,y⟩ = L d³·H/M² (spike_factor L d³ with N_l = H).",
    };

    /// <summary>Two-layer ReLU network on the 2-parity task, cross-entropy (App. E.2).</summary>
    public static ProblemSpec Parity2Relu() => new()
    {
        Name = "parity2-relu",
        Description = "Two-layer ReLU network, 2-parity classification (cross-entropy), relevant direction w*_{1+2}.",
        Reference = "arXiv 2512.04165 App. E.2",
        Task = "parity",
        Scales = ["d", "N"],
        Activation = "relu",
        Layers = [new LayerSpec { Name = "hidden", Width = "N" }],
        Features =
        [
            new() { Name = "lin12", Direction = "w*12", Degree = 1, GpNorm = "d", Linear = true },
            new() { Name = "y", Direction = "w*12", Degree = 2, GpNorm = "d^2" },
        ],
        Target = "y",
        Patterns =
        [
            new() { Name = "GP", Layers = ["GP"] },
            new() { Name = "GFL", Layers = ["GFL(lin12)"] },
            new() { Name = "M-Sp", Layers = ["M-Sp(lin12)"] },
            new() { Name = "mu-Sp", Layers = ["mu-Sp(lin12)"] },
        ],
        Notes = "Cross-entropy replaces k by log d_o (Eq. 24); scalings are unchanged. y is the degree-2 part of sign(x1 x2) along w*_{1+2}.",
    };
}
