using System.Text.Json;
using FeatureScale.Cli.Commands;
using FeatureScale.Theory;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Theory;

/// <summary>The JSON contracts of <c>predict</c> and <c>ldt</c> (files written with --out, no console capture).</summary>
public class TheoryCliTests
{
    private static string TempDir() { var d = Path.Combine(Path.GetTempPath(), "fs-theory-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(d); return d; }

    [Fact]
    public void PredictJsonContract()
    {
        string dir = TempDir();
        try
        {
            Assert.Equal(0, PredictCommand.Run("fcn3-he3", ["N1=d", "N2=d"], false, false, null, [], null, dir, false));
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "prediction.json")));
            var root = doc.RootElement;
            Assert.Equal("fcn3-he3", root.GetProperty("problem").GetString());
            Assert.Equal(3, root.GetProperty("scales").GetArrayLength());
            var spmag = root.GetProperty("patterns").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Sp.-Mag.");
            Assert.Equal(0.3333, spmag.GetProperty("energy").GetProperty("N1").GetDouble());
            Assert.Equal(-0.6667, spmag.GetProperty("minimizers").GetProperty("M1").GetProperty("d").GetDouble());
            Assert.Equal(1.0, spmag.GetProperty("energy_reduced").GetProperty("d").GetDouble());
            Assert.Equal("GP-Sp.", root.GetProperty("winner").GetString());
            Assert.Equal(1.0, root.GetProperty("pstar").GetProperty("d").GetDouble());
            Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
            // Regime mode: N2 = d, N1 = d^γ; Sp.-Mag. below γ = 1, GP-Sp. above.
            Assert.Equal(0, PredictCommand.Run("fcn3-he3", ["N2=d"], false, false, "gamma=0:2", [], Path.Combine(dir, "pd.png"), dir, false, force: true)); // another config into the same folder
            using var doc2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "prediction.json")));
            var b = doc2.RootElement.GetProperty("phase_diagram").GetProperty("boundaries").EnumerateArray().Single();
            Assert.Equal(1.0, b.GetProperty("gamma").GetDouble(), 9);
            Assert.Equal(("Sp.-Mag.", "GP-Sp."), (b.GetProperty("below").GetString(), b.GetProperty("above").GetString()));
            Assert.True(File.Exists(Path.Combine(dir, "phase_diagram.csv")));
            Assert.True(new FileInfo(Path.Combine(dir, "pd.png")).Length > 1000);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void LdtJsonContract()
    {
        string dir = TempDir();
        try
        {
            Assert.Equal(0, LdtCommand.Run("erf", "he3", 40, 40, 1, 1, 1, 1, "inner", false, false, Path.Combine(dir, "dens.csv"), null, 201, "20,40", 1, dir));
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "ldt.json")));
            var root = doc.RootElement;
            foreach (var key in new[] { "t_star", "energy", "pstar", "alpha", "d", "N", "kappa" }) Assert.True(root.TryGetProperty(key, out _), key);
            Assert.Equal(40, root.GetProperty("N").GetInt32());
            var direct = new TwoLayerLdt(new LdtConfig(Activation.Parse("erf"), HermiteTarget.Parse("he3"), 40, 40)).Solve();
            Assert.Equal(direct.PStar, root.GetProperty("pstar").GetDouble(), 1e-9);
            Assert.Equal(202, File.ReadAllLines(Path.Combine(dir, "dens.csv")).Length);
            Assert.True(File.Exists(Path.Combine(dir, "curve.csv")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void BadArgumentsAreConfigErrors()
    {
        Assert.Throws<ConfigException>(() => PredictCommand.ParseSets(["N1"]));
        Assert.Throws<ConfigException>(() => PatternEngine.Predict(ProblemLibrary.Get("fcn3-he3"), PredictCommand.ParseSets(["X=d"])));
        Assert.Throws<ConfigException>(() => ProblemLibrary.Get("nope"));
        Assert.Throws<ConfigException>(() => PhaseDiagram.Compute(PatternEngine.Predict(ProblemLibrary.Get("attention-cubic")), ["H"], 0, 1, 0.1));
    }
}
