using FeatureScale.Theory;

namespace FeatureScale.Tests.Theory;

/// <summary>Every scaling prediction the paper states, computed by the engine from the problem specs.</summary>
public class PatternEngineTests
{
    private static Monomial M(string s) => Monomial.Parse(s);
    private static Dictionary<string, Monomial> Set(params string[] kv) =>
        kv.Select(s => s.Split('=')).ToDictionary(p => p[0], p => M(p[1]));

    private static PatternResult Pattern(Prediction p, string name) => p.Patterns.Single(r => r.Name == name);

    private static void AssertEnergy(Prediction p, string pattern, string expected, bool reduced = false)
    {
        var r = Pattern(p, pattern);
        var min = reduced ? r.Reduced : r.Minimum;
        Assert.False(min.Unbounded);
        Assert.NotNull(min.Energy);
        Assert.True(M(expected).Equals(min.Energy), $"{pattern}: expected {expected}, engine gave {min.Energy}");
    }

    private static void AssertMinimizer(Prediction p, string pattern, string param, string expected, bool reduced = false)
    {
        var r = Pattern(p, pattern);
        var mins = (reduced ? r.Reduced : r.Minimum).Minimizers;
        Assert.NotNull(mins);
        Assert.True(mins!.ContainsKey(param), $"{pattern}: {param} undetermined");
        Assert.True(M(expected).Equals(mins[param]), $"{pattern}: {param} expected {expected}, engine gave {mins[param]}");
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)]
    public void TwoLayerStandardScaling(int m)
    {
        var p = PatternEngine.Predict(ProblemLibrary.TwoLayerFcn(m, meanField: false));
        AssertEnergy(p, "GP", $"d^{m}");
        AssertEnergy(p, "GFL", $"(N*d)^({m}/{m + 1})");
        AssertMinimizer(p, "GFL", "D", $"(d^{m}*N^-1)^(1/{m + 1})");
        AssertEnergy(p, "M-Sp", "(d*N)^(1/2)");
        AssertMinimizer(p, "M-Sp", "M", "(N*d^-1)^(1/2)");
        if (m > 1)
        {
            // Lazy–rich boundary N ~ d^{2m−1}: M-Sp below, GP above.
            var b = p.Boundaries.Single(x => new[] { x.A, x.B }.OrderBy(s => s).SequenceEqual(new[] { "GP", "M-Sp" }));
            Assert.Equal("N", b.Variable);
            Assert.Equal(M($"d^{2 * m - 1}"), b.Boundary);
            Assert.Equal("M-Sp", b.AWinsBelow ? b.A : b.B);
        }
    }

    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(5)]
    public void TwoLayerLazyRichBoundaryInRegimeMode(int m)
    {
        var p = PatternEngine.Predict(ProblemLibrary.TwoLayerFcn(m, false));
        var diagram = PhaseDiagram.Compute(p, ["N"], 0, 2 * m + 2, 0.01);
        Assert.Equal("M-Sp", diagram.Points[0].Winner);
        var b = Assert.Single(diagram.Boundaries);
        Assert.Equal(2 * m - 1, b.Gamma, 9);
        Assert.Equal(("M-Sp", "GP"), (b.Below, b.Above));
        // At N = d (γ = 1): P* ∝ d and M ∝ d^0.
        var at1 = diagram.Points.First(x => Math.Abs(x.Gamma - 1) < 1e-9);
        Assert.Equal(1.0, at1.Exponents["M-Sp"], 9);
        Assert.Equal(0.0, at1.OrderParameters["M"], 9);
    }

    [Fact]
    public void ConstrainedRegimeScanRespectsMAtLeastOne()
    {
        // With 1 ≤ M ≤ N and D ≥ 1 enforced, M-Sp costs d for N < d (M = 1), so GFL ((Nd)^{3/4}, D ≥ 1 for N ≤ d³)
        // wins for N < d^{1/3}; M-Sp up to N = d^5; then GP. The relaxed scan has M-Sp from γ = 0.
        var p = PatternEngine.Predict(ProblemLibrary.TwoLayerFcn(3, false));
        var c = PhaseDiagram.Compute(p, ["N"], 0, 6, 0.01, constrained: true);
        Assert.Equal(["GFL", "M-Sp", "GP"], new[] { c.Points[0].Winner }.Concat(c.Boundaries.Select(b => b.Above)).ToArray());
        Assert.Equal(1.0 / 3, c.Boundaries[0].Gamma, 8);
        Assert.Equal(5.0, c.Boundaries[1].Gamma, 8);
        var at2 = c.Points.First(x => Math.Abs(x.Gamma - 2) < 1e-9);
        Assert.Equal(0.5, at2.OrderParameters["M"], 8); // M = √(N/d) = d^{1/2} inside the valid range
        // Constrained minima agree with the symbolic ones wherever the relaxed minimisers are in range.
        foreach (var r in p.Patterns)
        {
            var logs = new Dictionary<string, double> { ["d"] = 1, ["N"] = 2 };
            Assert.Equal(r.Reduced.Evaluate(logs).LogEnergy, PhaseDiagram.ConstrainedMinimum(r, logs).LogEnergy, 9);
        }
    }

    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void TwoLayerMeanField(int m)
    {
        var p = PatternEngine.Predict(ProblemLibrary.TwoLayerFcn(m, meanField: true));
        AssertEnergy(p, "GP", $"N*d^{m}");
        AssertEnergy(p, "GFL", $"N*d^({m}/{m + 1})");
        // The paper prints D ∝ d^{1/(m+1)}; minimising ND + N(d/D)^m gives d^{m/(m+1)} (digest §8.4).
        AssertMinimizer(p, "GFL", "D", $"d^({m}/{m + 1})");
        AssertEnergy(p, "M-Sp", "N*d^(1/2)");
        AssertMinimizer(p, "M-Sp", "M", "N*d^(-1/2)");
        Assert.Equal(["M-Sp"], p.Winners); // rich for every N (no boundary with GP inside the domain)
        Assert.Empty(p.Boundaries);
    }

    [Fact]
    public void CnnProportionalLimit()
    {
        var spec = ProblemLibrary.CnnLinear();
        var own = PatternEngine.Predict(spec);
        AssertEnergy(own, "GP", "d");
        AssertEnergy(own, "GFL", "(N*d)^(1/2)");       // √(N N_w S), N_w S = d
        AssertEnergy(own, "M-Sp", "(N*d)^(1/2)");      // √(S N_w N)
        AssertMinimizer(own, "M-Sp", "M", "(N*d)^(1/2)*S^-1");
        var prop = PatternEngine.Predict(spec, Set("S=d^(1/2)", "N=d^(1/2)"));
        Assert.Equal(M("d^(3/4)"), prop.PStar);
        Assert.Contains("GFL", prop.Winners);
        Assert.Contains("M-Sp", prop.Winners);
    }

    [Fact]
    public void ThreeLayerTable1()
    {
        var p = PatternEngine.Predict(ProblemLibrary.ThreeLayerFcn());
        AssertEnergy(p, "GP-GP", "d^3");
        AssertEnergy(p, "GP-Sp.", "(N2*d)^(1/2)");
        AssertMinimizer(p, "GP-Sp.", "M2", "(N2*d^-1)^(1/2)");
        AssertEnergy(p, "Sp.-Mag.", "(N1*N2*d)^(1/3)");
        AssertMinimizer(p, "Sp.-Mag.", "beta", "(N2^2*N1^-1*d^-1)^(1/3)");
        AssertMinimizer(p, "Sp.-Mag.", "M1", "(N2*N1*d^-2)^(1/3)");
        // Corrected caption: GP-GP wins only for N2 > d^5.
        var lazy = p.Boundaries.Single(b => new[] { b.A, b.B }.Contains("GP-GP") && new[] { b.A, b.B }.Contains("GP-Sp."));
        Assert.Equal("N2", lazy.Variable);
        Assert.Equal(M("d^5"), lazy.Boundary);
        Assert.Equal("GP-Sp.", lazy.AWinsBelow ? lazy.A : lazy.B);
        // Sp.-Mag. → GP-Sp. as N1 grows past √(N2 d).
        var fl = p.Boundaries.Single(b => new[] { b.A, b.B }.Contains("Sp.-Mag.") && new[] { b.A, b.B }.Contains("GP-Sp."));
        Assert.Equal("N1", fl.Variable);
        Assert.Equal(M("(N2*d)^(1/2)"), fl.Boundary);
        Assert.Equal("Sp.-Mag.", fl.AWinsBelow ? fl.A : fl.B);
        // Proportional limit: both FL patterns give P* ∝ d.
        var prop = PatternEngine.Predict(ProblemLibrary.ThreeLayerFcn(), Set("N1=d", "N2=d"));
        Assert.Equal(M("d"), prop.PStar);
        Assert.Equal(["GP-Sp.", "Sp.-Mag."], prop.Winners.OrderBy(s => s, StringComparer.Ordinal).ToArray());
        // At fixed d, N2 (Fig. 3c): M1 ∝ N1^{1/3}.
        var fig3c = PatternEngine.Predict(ProblemLibrary.ThreeLayerFcn(), Set("N2=d"));
        AssertMinimizer(fig3c, "Sp.-Mag.", "M1", "(N1*d^-1)^(1/3)", reduced: true);
    }

    [Fact]
    public void AttentionHead()
    {
        var p = PatternEngine.Predict(ProblemLibrary.AttentionCubic());
        AssertEnergy(p, "lazy", "L*d^3");
        AssertEnergy(p, "specialised", "(L*H)^(1/2)*d^(3/2)");
        AssertMinimizer(p, "specialised", "M", "(H*L*d^3)^(1/4)");
        var b = Assert.Single(p.Boundaries);
        Assert.Equal(("H", M("L*d^3")), (b.Variable, b.Boundary));
        var fixedH = PatternEngine.Predict(ProblemLibrary.AttentionCubic(), Set("H=1"));
        Assert.Equal(["specialised"], fixedH.Winners);
        Assert.Equal(M("(L*d^3)^(1/2)"), fixedH.PStar);
    }

    [Fact]
    public void ParityRelu()
    {
        var p = PatternEngine.Predict(ProblemLibrary.Parity2Relu());
        AssertEnergy(p, "GP", "d^2");
        AssertEnergy(p, "GFL", "(N*d)^(2/3)");
        AssertMinimizer(p, "GFL", "D", "d^(2/3)*N^(-1/3)");
        AssertEnergy(p, "M-Sp", "(d*N)^(1/2)");
        AssertEnergy(p, "mu-Sp", "(d*N)^(1/2)");
        AssertMinimizer(p, "mu-Sp", "mu", "(N*d^-1)^(1/4)");
    }

    [Fact]
    public void ShippedProblemFilesMatchTheBuiltIns()
    {
        string dir = FindProblemsDir();
        var files = Directory.GetFiles(dir, "*.json");
        Assert.True(files.Length >= 6, $"expected the built-in problem files in {dir}");
        foreach (var f in files)
        {
            var spec = ProblemLibrary.Resolve(f);
            var builtIn = ProblemLibrary.Get(spec.Name);
            Assert.Equal(builtIn.ToJson(), spec.ToJson());
            var a = PatternEngine.Predict(spec); var b = PatternEngine.Predict(builtIn);
            Assert.Equal(a.Patterns.Select(x => x.Minimum.Energy?.ToString()), b.Patterns.Select(x => x.Minimum.Energy?.ToString()));
        }
    }

    [Fact]
    public void UserProblemFromJsonWithoutCode()
    {
        // A new problem: two-layer net on He_5 with a quadratic-width family, written only as JSON.
        const string json = """
        {
          "name": "my-he5",
          "scales": ["d", "N"],
          "activation": "erf",
          "layers": [{"name": "hidden", "width": "N"}],
          "features": [
            {"name": "lin", "direction": "w", "degree": 1, "gp_norm": "d", "linear": true},
            {"name": "he5", "direction": "w", "degree": 5, "gp_norm": "d^5"}
          ],
          "target": "he5",
          "patterns": [
            {"name": "GP", "layers": ["GP"]},
            {"name": "GFL", "layers": ["GFL(lin)"]},
            {"name": "M-Sp", "layers": ["M-Sp(lin)"]}
          ]
        }
        """;
        var p = PatternEngine.Predict(ProblemSpec.FromJson(json), Set("N=d^2"));
        Assert.Equal(["M-Sp"], p.Winners);
        Assert.Equal(M("d^(3/2)"), p.PStar);
        AssertEnergy(p, "GFL", "d^(5/2)", reduced: true);
    }

    [Theory]
    [InlineData("""{"name": "x", "scales": ["d"], "layers": [{"name": "h", "width": "N"}], "features": [], "target": "y"}""")]
    [InlineData("""{"name": "x", "scales": ["d", "N"], "layers": [{"name": "h", "width": "N"}], "features": [{"name": "y", "direction": "w", "degree": 1, "gp_norm": "d", "linear": true}], "target": "y", "patterns": [{"name": "p", "layers": ["Foo(y)"]}]}""")]
    [InlineData("""{"name": "x", "scales": ["d", "N"], "unknown_field": 1}""")]
    public void BadProblemsGiveOneClearError(string json) =>
        Assert.Throws<ConfigException>(() => PatternEngine.Predict(ProblemSpec.FromJson(json)));

    [Fact]
    public void ExtendedMenuFindsPatternsOutsideTable1()
    {
        var p = PatternEngine.Predict(ProblemLibrary.ThreeLayerFcn(), allPatterns: true);
        Assert.True(p.Patterns.Count > 3);
        // Layer-1 specialisation followed by a lazy layer 2 (not in Table 1): Ẽ = M1 d + N1/M1 → √(N1 d).
        AssertEnergy(p, "M-Sp(lin) | GP", "(N1*d)^(1/2)");
    }

    internal static string FindProblemsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "problems"))) dir = dir.Parent;
        return dir is null ? throw new DirectoryNotFoundException("problems/ not found above the test folder") : Path.Combine(dir.FullName, "problems");
    }
}
