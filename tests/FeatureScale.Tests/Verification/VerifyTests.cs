using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Reporting;
using FeatureScale.Reproductions;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;
using FeatureScale.Theory;
using FeatureScale.Verification;

namespace FeatureScale.Tests.Verification;

/// <summary>
/// <c>featurescale verify</c>: which problems it reads and how, the design it chooses for a budget, and one tiny
/// end-to-end run (files, verdicts against the prediction, resumption, the budget stop).
/// </summary>
public class VerifyTests
{
    private static VerifiableProblem Fcn2He3(Dictionary<string, Monomial>? sets = null) =>
        VerifiableProblem.From(ProblemLibrary.Get("fcn2-he3"), sets);

    [Fact]
    public void TheHeadlineProblemReadsAsATwoLayerErfNetworkOnH3WithNEqualD()
    {
        var p = Fcn2He3();
        Assert.Equal("erf", p.Activation);
        Assert.Equal("h3", p.Target);
        Assert.Equal(1.0, p.WidthExponent);
        Assert.Equal(["N"], p.Defaulted);
        Assert.Equal("M-Sp", p.Winner);
        Assert.Equal(1.0, p.PStarExponent, 12);
        Assert.Equal(48, p.Width(48));
        // the LDT bound of the headline (Fig. 2b: P*_LDT ≈ 620 at d = 48, docs/results)
        Assert.InRange(p.LdtPStar(48), 600, 640);
    }

    [Fact]
    public void AWiderNetworkShiftsThePredictedExponentAsMSpsCostSaysWhichIsTheSquareRootOfNTimesD()
    {
        // M-Sp: Ẽ = M d + N/M is least at M = √(N/d), Ẽ_min = 2√(N d); with N = d^(3/2), P* ∝ d^(5/4)
        var p = Fcn2He3(new() { ["N"] = Monomial.Parse("d^(3/2)") });
        Assert.Equal(1.5, p.WidthExponent);
        Assert.Empty(p.Defaulted);
        Assert.Equal("M-Sp", p.Winner);
        Assert.Equal(1.25, p.PStarExponent, 12);
        Assert.Equal(64, p.Width(16));
    }

    [Fact]
    public void AProblemThePaperDidNotRunIsRead()
    {
        var spec = ProblemSpec.FromJson(File.ReadAllText(Path.Combine(RepoRoot(), "examples", "problems",
            "fcn2-relu-he2.json")));
        var p = VerifiableProblem.From(spec);
        Assert.Equal(("relu", "h2", "M-Sp"), (p.Activation, p.Target, p.Winner));
        Assert.Equal(1.0, p.PStarExponent, 12);
        Assert.True(p.LdtPStar(32) < Fcn2He3().LdtPStar(32));
    }

    [Theory]
    [InlineData("fcn2-mf-he3", "readout_factor")]
    [InlineData("cnn-lin", "N_w = 1 must grow with d")]   // S defaults to d: one patch
    [InlineData("attention-cubic", "activation 'generic'")]
    public void ProblemsTheTrainerCannotSampleAreRefusedInOneLine(string name, string why)
    {
        var e = Assert.Throws<ConfigException>(() => VerifiableProblem.From(ProblemLibrary.Get(name)));
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void BadSubstitutionsAreRefused()
    {
        Assert.Contains("d is the size", Assert.Throws<ConfigException>(() =>
            Fcn2He3(new() { ["d"] = Monomial.Parse("N") })).Message);
        Assert.Contains("not a scale", Assert.Throws<ConfigException>(() =>
            Fcn2He3(new() { ["M"] = Monomial.Parse("d") })).Message);
        Assert.Contains("at most as d^2", Assert.Throws<ConfigException>(() =>
            Fcn2He3(new() { ["N"] = Monomial.Parse("d^3") })).Message);
        var linear = ProblemLibrary.Get("fcn2-he3");
        linear.Activation = "linear";
        Assert.Contains("activation 'linear'",
            Assert.Throws<ConfigException>(() => VerifiableProblem.From(linear)).Message);
    }

    [Fact]
    public void TheGridSitsAtMultiplesOfTheLdtBoundWithEverySeed()
    {
        var p = Fcn2He3();
        var design = new VerifyDesign([16, 24], [1, 2], [1, 2, 3]);
        var spec = ProblemVerification.GridSpec(p, design, 1.04, "prediction (M-Sp)");
        var runs = spec.Expand();
        Assert.Equal(2 * 2 * 3, runs.Count);
        foreach (var r in runs)
        {
            int d = (int)JsonPaths.GetDouble(r.Config, "d");
            double P = JsonPaths.GetDouble(r.Config, "P"), width = JsonPaths.GetDouble(r.Config, "width");
            Assert.Equal(d, width);
            Assert.True(Math.Abs(P - p.LdtPStar(d)) <= 0.5 || Math.Abs(P - 2 * p.LdtPStar(d)) <= 0.5,
                $"P = {P} at d = {d}");
            Assert.Equal(80 * d, JsonPaths.GetDouble(r.Config, "steps"));
            Assert.Equal(320 * d, JsonPaths.GetDouble(r.Config, "max_steps"));
        }
        Assert.Equal("prediction (M-Sp)", spec.Analysis!["reference_label"]!.GetValue<string>());
        var round = ProblemVerification.RoundSpec(p, design, 1, [(16, 250.4), (24, 300)]);
        Assert.Equal(2 * 3, round.Expand().Count);
        Assert.Contains(round.Expand(), r => JsonPaths.GetDouble(r.Config, "P") == 250);
    }

    [Fact]
    public void ALargerBudgetBuysAWiderRangeOfSizesAndTheWorkIsCountedPerRun()
    {
        var p = Fcn2He3();
        var small = new VerifyDesign([16, 24, 32], VerifyDesign.DefaultRatios, [1, 2, 3, 4]);
        Assert.Equal(2 * small.Units(p), (small with { Seeds = [1, 2, 3, 4, 5, 6, 7, 8] }).Units(p), 6);
        const double perUnit = 2e-10;
        int previous = 0;
        foreach (double minutes in new[] { 1, 5, 20, 80, 400 })
        {
            var (design, note) = VerifyDesign.ForBudget(p, minutes * 60, perUnit);
            Assert.True(design.Dims.Length >= previous, $"{minutes} min: {design.Dims.Length} sizes < {previous}");
            previous = design.Dims.Length;
            if (note is null) Assert.True(design.EstimatedSeconds(p, perUnit) <= minutes * 60);
            Assert.True(design.Dims[^1] >= 2 * design.Dims[0]);
        }
        var tiny = VerifyDesign.ForBudget(p, 1, perUnit);
        Assert.Contains("below the smallest design", tiny.Note);
        Assert.Throws<ConfigException>(() => VerifyDesign.ForBudget(p, 0, perUnit));
        Assert.Throws<ConfigException>(() => (small with { Seeds = [1] }).Validate());
    }

    [Fact]
    public void ATinyVerificationWritesItsFilesTestsThePredictionAndResumesWithoutRecomputing()
    {
        var p = Fcn2He3();
        var design = new VerifyDesign([8, 12], [1.5, 3], [1, 2], Chains: 2, BurninPerD: 10, StepsPerD: 30,
            MaxStepsFactor: 1, Thin: 10, TestPoints: 200);
        using var tmp = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, TextWriter.Null);
        var first = ProblemVerification.Run(p, design, ctx);
        foreach (var f in new[] { "prediction.json", "design.json", "pstar_theory_vs_experiment.csv", "pstar_vs_d.png",
                     "pstar_sweep/sweep.json", "pstar_sweep/analysis/analysis.json" })
            Assert.True(File.Exists(Path.Combine(tmp.Path, f)), f);
        var prediction = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "prediction.json")))!;
        Assert.Equal("M-Sp", prediction["winner"]!.GetValue<string>());
        Assert.Equal(1.0, prediction["pstar_exponent"]!.GetValue<double>());
        SchemaFiles.AssertValid("verify-prediction", prediction, "prediction.json");
        SchemaFiles.AssertValid("problem", prediction["problem_spec"], "prediction.json's problem_spec");
        SchemaFiles.AssertValid("verify-design", SchemaFiles.Read(Path.Combine(tmp.Path, "design.json")),
            "design.json");
        var stored = VerifyDesign.Read(Path.Combine(tmp.Path, "design.json"));
        Assert.Equal(design.Dims, stored.Dims);
        Assert.Equal(design.Seeds, stored.Seeds);
        Assert.Equal(design with { Dims = stored.Dims, Seeds = stored.Seeds, Ratios = stored.Ratios }, stored);
        Assert.Equal(design.Ratios, stored.Ratios);
        // the exponent verdict tests the prediction, or says why there is none
        var exponent = first.Verdicts.FirstOrDefault(v => v.Numbers is not null);
        if (exponent is not null)
        {
            Assert.Contains("prediction (M-Sp): d^1", exponent.Text);
            Assert.Equal(1.0, exponent.Numbers!.Paper);
        }
        else Assert.Contains(first.Verdicts, v => v.Text.Contains("too few for an exponent fit"));
        Assert.Contains(first.Verdicts, v => v.Text.Contains("pattern engine: M-Sp wins, P* ∝ d^1"));
        Assert.True(FeatureScale.Tests.Reproductions.FigureAxesTests.AssertEveryFigureInsideItsAxes(tmp.Path) >= 2);

        // resumed: no run is computed again (every result.json, refinement rounds included, keeps its time stamp)
        Dictionary<string, DateTime> Results() => Directory.GetFiles(Path.Combine(tmp.Path, "pstar_sweep"),
            "result.json", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var before = Results();
        var again = ProblemVerification.Run(p, design, ctx);
        Assert.Equal(before, Results());
        Assert.Equal(first.Verdicts.Select(v => v.Text), again.Verdicts.Select(v => v.Text));

        // a spent budget stops the design before any refinement round
        using var tmp2 = new TempDir();
        var spent = ProblemVerification.Run(p, design with { Seeds = [3, 4] },
            ctx with { OutDir = tmp2.Path }, budgetSeconds: 1e-9);
        Assert.False(Directory.Exists(Path.Combine(tmp2.Path, "pstar_sweep", SweepAnalysis.RefineFolder)));
        Assert.DoesNotContain(spent.Verdicts, v => v.Text.StartsWith("adaptive design:", StringComparison.Ordinal));
    }

    [Fact]
    public void AThreeLayerProblemReadsWithTwoWidthsAndAnchorsItsGridOnAPilotInsteadOfTheLdt()
    {
        var p = VerifiableProblem.From(ProblemLibrary.Get("fcn3-he3"));
        Assert.Equal(3, p.Depth);
        Assert.False(p.HasLdt);
        Assert.Equal([1.0, 1.0], p.WidthExponents);
        Assert.Equal(1.0, p.PStarExponent, 12);                 // Table 1 at N1 = N2 = d: P* ∝ d
        Assert.Equal("three-layer erf network", p.NetworkText);
        Assert.Throws<InvalidOperationException>(() => p.LdtPStar(16));
        var wide = VerifiableProblem.From(ProblemLibrary.Get("fcn3-he3"),
            new Dictionary<string, Monomial> { ["N1"] = Monomial.Parse("d^(3/2)") });
        Assert.Equal([64, 16], wide.Widths(16));
        Assert.Equal("d^1.5, d", wide.WidthText);

        // the pilot's crossing, scaled by the predicted exponent, places the grid at 1/√2, 1, √2 of it
        var design = new VerifyDesign([16, 24, 32], VerifyDesign.RatiosFor(p), [1, 2, 3]);
        var anchor = design.PilotAnchor(p, 200);
        Assert.Equal(200, anchor(16), 12);
        Assert.Equal(400, anchor(32), 12);
        var grid = design.Points(p, anchor);
        Assert.Equal([142, 200, 282, 213, 300, 423, 284, 400, 564], grid.Select(t => t.P));
        Assert.Equal([1, 2], design.PilotSeeds);
        // the cost counts both weight products (d N1 + N1 N2) and the pilot's runs
        Assert.Equal(100.0 * (16 * 16 + 16 * 16), VerifyDesign.StepUnits(p, 16, 100));
        Assert.True(design.Units(p) > (design with { Dims = [16, 24, 32] }).Points(p, design.EstimatedAnchor(p))
            .Sum(t => 4.0 * 120 * t.D * VerifyDesign.StepUnits(p, t.D, t.P) * 3));
        // the grid's and the pilot's sweeps train the three-layer network with both widths at every point
        var spec = ProblemVerification.GridSpec(p, design, double.NaN, "prediction", anchor);
        var runs = spec.Expand();
        Assert.Equal(27, runs.Count);
        Assert.All(runs, r => Assert.Equal(3, r.Config["depth"]!.GetValue<int>()));
        Assert.Contains(runs, r => r.Config["widths"]!.AsArray().Select(n => n!.GetValue<int>())
            .SequenceEqual([24, 24]) && r.Config["P"]!.GetValue<int>() == 300);
        var pilot = ProblemVerification.PilotSpec(p, design).Expand();
        Assert.Equal(VerifyDesign.PilotAlphas.Length * 2, pilot.Count);
        Assert.All(pilot, r => Assert.Equal(16, r.Config["d"]!.GetValue<int>()));
    }

    [Fact]
    public void AThreeLayerVerificationRunsItsPilotThenTheGridAndWritesValidFiles()
    {
        var p = VerifiableProblem.From(ProblemLibrary.Get("fcn3-he3"));
        var design = new VerifyDesign([6, 9], VerifyDesign.PilotRatios, [1, 2], Chains: 2, BurninPerD: 10,
            StepsPerD: 30, MaxStepsFactor: 1, Thin: 10, TestPoints: 200, RefineRounds: 0);
        using var tmp = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, TextWriter.Null);
        var result = ProblemVerification.Run(p, design, ctx);
        Assert.True(File.Exists(Path.Combine(tmp.Path, ProblemVerification.PilotName, "sweep.json")));
        var stored = SchemaFiles.Read(Path.Combine(tmp.Path, "design.json"))!;
        SchemaFiles.AssertValid("verify-design", stored, "design.json");
        Assert.Equal("pilot", stored["anchor"]!.GetValue<string>());
        var prediction = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "prediction.json")))!;
        SchemaFiles.AssertValid("verify-prediction", prediction, "prediction.json");
        Assert.Null(prediction["ldt"]);
        Assert.Equal(3, prediction["depth"]!.GetValue<int>());
        if (stored["pilot"]!["pstar"] is { } pstar)
        {
            double pp = pstar.GetValue<double>();
            var grid = stored["grid"]!.AsArray();
            Assert.Equal(6, grid.Count);
            foreach (var g in grid)
                Assert.Equal(Math.Max(2, Math.Round(g!["ratio_to_ldt"]!.GetValue<double>() * pp
                    * g["d"]!.GetValue<int>() / 6.0)), g["P"]!.GetValue<int>());
            Assert.Contains(result.Verdicts, v => v.Text.StartsWith("pilot scan at d = 6", StringComparison.Ordinal)
                && v.Text.Contains("crosses 0.1"));
            Assert.True(File.Exists(Path.Combine(tmp.Path, "pstar_sweep", "sweep.json")));
            Assert.Contains(result.Verdicts, v => v.Text.Contains("no LDT for a three-layer erf network"));
        }
        else
        {
            Assert.Empty(stored["grid"]!.AsArray());
            Assert.Contains(result.Verdicts, v => v.Text.Contains("does not cross 0.1"));
        }
    }

    private static VerifiableProblem CnnHe3() => VerifiableProblem.From(ProblemSpec.FromJson(File.ReadAllText(
            Path.Combine(RepoRoot(), "examples", "problems", "cnn-he3.json"))),
        new Dictionary<string, Monomial> { ["S"] = Monomial.Parse("d^(1/2)"), ["N"] = Monomial.Parse("d^(1/2)") });

    [Fact]
    public void ACnnProblemReadsWithItsPatchesAndOnlySizesTheCnnCanBuild()
    {
        var p = CnnHe3();
        Assert.True(p.IsCnn);
        Assert.False(p.HasLdt);
        Assert.Equal(("h3", 2, "M-Sp"), (p.Target, p.Depth, p.Winner));
        // M-Sp: Ẽ = M S + N N_w/M is least at M = √(N N_w/S), Ẽ_min = 2√(N N_w S) = 2√(N d) = 2 d^(3/4)
        Assert.Equal(0.75, p.PStarExponent, 12);
        Assert.Equal((4, 4), (p.Patches(16), p.Width(16)));
        Assert.Equal("two-layer erf CNN", p.NetworkText);   // not "CNN network"
        Assert.False(p.IsValidSize(24));                 // N_w = round(√24) = 5 does not divide 24
        Assert.Equal(25, p.NearestValidSize(24));
        Assert.All(VerifyDesign.LadderFor(p), d => Assert.Equal(0, d % p.Patches(d)));
        Assert.InRange(p.LazyAlignment(16, 100), 0, 0.1);   // the patch GP at the pilot's crossing: a small share
        Assert.Equal("observables.0.mean", p.AlignmentPath);
        var bad = new VerifyDesign([16, 24], VerifyDesign.PilotRatios, [1, 2]);
        var e = Assert.Throws<ConfigException>(() => bad.Validate(p));
        Assert.Contains("nearest size that is: 25", e.Message);

        var design = new VerifyDesign([16, 25, 36], VerifyDesign.RatiosFor(p), [1, 2]);
        var runs = ProblemVerification.GridSpec(p, design, double.NaN, "prediction", design.PilotAnchor(p, 100))
            .Expand();
        Assert.Equal(18, runs.Count);
        Assert.All(runs, r => Assert.Equal("cnn", r.Config["arch"]!.GetValue<string>()));
        Assert.Contains(runs, r => r.Config["d"]!.GetValue<int>() == 36 && r.Config["patches"]!.GetValue<int>() == 6
            && r.Config["width"]!.GetValue<int>() == 6 && r.Config["P"]!.GetValue<int>() == 184);
        var executor = FeatureScale.Experiments.TrainExecutor.Create();
        foreach (var r in runs) executor.Validate(r.Config);   // the CNN trainer accepts every run
    }

    [Fact]
    public void AParityProblemTrainsNoisyParityAndPlacesPStarWhereTheTestAccuracyCrosses075()
    {
        var p = VerifiableProblem.From(ProblemLibrary.Get("parity2-relu"),
            new Dictionary<string, Monomial> { ["N"] = Monomial.Parse("d") });
        Assert.True(p.IsParity);
        Assert.False(p.HasLdt);
        Assert.Equal(("relu", 2, 0.05, 0.75), (p.Activation, p.Degree, p.Kappa, p.Threshold));
        Assert.Equal(1.0, p.PStarExponent, 12);          // M-Sp: Ẽ = M d + N/M, least 2√(N d) = 2d at N = d
        Assert.Equal("observables.0.mean", p.AlignmentPath);
        Assert.True(double.IsNaN(p.LazyAlignment(16, 64)));
        Assert.Equal(VerifyDesign.ParityPilotAlphas, VerifyDesign.PilotAlphasFor(p));
        var design = new VerifyDesign([16, 24, 32], VerifyDesign.RatiosFor(p), [1, 2]);
        var runs = ProblemVerification.GridSpec(p, design, double.NaN, "prediction", design.PilotAnchor(p, 60))
            .Expand();
        Assert.All(runs, r =>
        {
            Assert.Equal("parity", r.Config["task"]!.GetValue<string>());
            Assert.Equal(2, r.Config["parity_order"]!.GetValue<int>());
            Assert.Equal(0.05, r.Config["kappa"]!.GetValue<double>());
            Assert.Null(r.Config["target"]);
        });
        var executor = FeatureScale.Experiments.TrainExecutor.Create();
        foreach (var r in runs) executor.Validate(r.Config);
        var spec = ProblemVerification.GridSpec(p, design, double.NaN, "prediction", design.PilotAnchor(p, 60));
        Assert.Equal(0.75, spec.Analysis!["threshold"]!.GetValue<double>());
        Assert.Equal("observables.0.mean", spec.Analysis["observable"]!.GetValue<string>());
        // its verdicts name the test accuracy, not A_f
        var settings = FeatureScale.Analysis.PStarAnalysisSettings.From(spec.Analysis);
        Assert.Equal("test accuracy", settings.ObservableLabel);
        var score = new FeatureScale.Analysis.CollapseScore(1e-4, 3e-3, (0, 1), 3);
        var collapse = FeatureScale.Analysis.Verdicts.Collapse("d", 1, score, 1.02, score, settings.ObservableLabel);
        Assert.StartsWith("collapse of test accuracy vs P/d^1", collapse.Text);
        Assert.Equal("A_f", FeatureScale.Analysis.PStarAnalysisSettings.From(null).ObservableLabel);
    }

    [Fact]
    public void ATinyParityVerificationRunsItsPilotOnTheTestAccuracy()
    {
        var p = VerifiableProblem.From(ProblemLibrary.Get("parity2-relu"),
            new Dictionary<string, Monomial> { ["N"] = Monomial.Parse("d") });
        var design = new VerifyDesign([4, 6], VerifyDesign.PilotRatios, [1, 2], Chains: 2, BurninPerD: 10,
            StepsPerD: 30, MaxStepsFactor: 1, Thin: 10, TestPoints: 200, RefineRounds: 0);
        using var tmp = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, TextWriter.Null);
        var result = ProblemVerification.Run(p, design, ctx);
        Assert.Contains(result.Verdicts, v => v.Text.StartsWith("pilot scan at d = 4 (P/d = 1, 2, 4, 8, 16",
            StringComparison.Ordinal) && v.Text.Contains("test accuracy") && v.Text.Contains("0.75"));
        Assert.DoesNotContain(result.Verdicts, v => v.Text == "no finished runs");
        SchemaFiles.AssertValid("verify-design", SchemaFiles.Read(Path.Combine(tmp.Path, "design.json"))!,
            "design.json");
    }

    [Fact]
    public void AfterThePilotTheGridDropsItsLargestSizesUntilItsEstimateFitsWhatIsLeftOfTheBudget()
    {
        var p = CnnHe3();
        var design = new VerifyDesign([16, 25, 30, 49, 64], VerifyDesign.PilotRatios, [1, 2, 3]);
        var anchor = design.PilotAnchor(p, 100);
        double spu = 1e-9;
        double three = (design with { Dims = [16, 25, 30] }).GridSeconds(p, anchor, spu);
        double four = (design with { Dims = [16, 25, 30, 49] }).GridSeconds(p, anchor, spu);
        Assert.True(three < four && four < design.GridSeconds(p, anchor, spu));
        // the grid's work: chains × (40 + 80) d steps × P (d N + …) per run, × seeds, × the overhead factor
        double byHand = design.Points(p, anchor).Where(t => t.D <= 30)
            .Sum(t => 4.0 * 120 * t.D * t.P * (t.D * (double)p.Width(t.D)) * 3) * spu * VerifyDesign.OverheadFactor;
        Assert.Equal(byHand, three, 6);
        Assert.Equal([16, 25, 30, 49], design.FitToBudget(p, anchor, (three + four) / 2 + (four - three), spu).Dims);
        Assert.Equal([16, 25, 30], design.FitToBudget(p, anchor, (three + four) / 2, spu).Dims);
        Assert.Equal([16, 25, 30], design.FitToBudget(p, anchor, 0, spu).Dims);         // three sizes always stay
        Assert.Equal(design.Dims, design.FitToBudget(p, anchor, double.MaxValue, spu).Dims);
    }

    [Fact]
    public void ATinyCnnVerificationReadsTheCnnSummariesAndWritesValidFiles()
    {
        var p = CnnHe3();
        var design = new VerifyDesign([9, 16], VerifyDesign.PilotRatios, [1, 2], Chains: 2, BurninPerD: 10,
            StepsPerD: 30, MaxStepsFactor: 1, Thin: 10, TestPoints: 200, RefineRounds: 0);
        using var tmp = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, TextWriter.Null);
        var result = ProblemVerification.Run(p, design, ctx);
        var prediction = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "prediction.json")))!;
        SchemaFiles.AssertValid("verify-prediction", prediction, "prediction.json");
        Assert.Equal(("cnn", "d^0.5"), (prediction["arch"]!.GetValue<string>(),
            prediction["patches"]!.GetValue<string>()));
        SchemaFiles.AssertValid("verify-design", SchemaFiles.Read(Path.Combine(tmp.Path, "design.json"))!,
            "design.json");
        // the analysis and the quality note read A_f and its R̂ from the CNN trainer's observables
        Assert.Contains(result.Verdicts, v => v.Text.StartsWith("chains: split-R̂ of A_f median",
            StringComparison.Ordinal));
        Assert.DoesNotContain(result.Verdicts, v => v.Text == "no finished runs");
    }

    [Fact]
    public void ALinearCnnTargetLearntBeforeThePilotsSmallestPIsInconclusiveAndSaysWhy()
    {
        // cnn-lin: the lazy kernel alone learns w*·x_i to A_f ≈ 0.3 at P = d/2, so at P = 4d A_f is far above 0.1
        var p = VerifiableProblem.From(ProblemLibrary.Get("cnn-lin"),
            new Dictionary<string, Monomial> { ["S"] = Monomial.Parse("d^(1/2)"), ["N"] = Monomial.Parse("d^(1/2)") });
        var design = new VerifyDesign([9, 16], VerifyDesign.PilotRatios, [1, 2], Chains: 2, BurninPerD: 10,
            StepsPerD: 30, MaxStepsFactor: 1, Thin: 10, TestPoints: 200, RefineRounds: 0);
        using var tmp = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, TextWriter.Null);
        var result = ProblemVerification.Run(p, design, ctx);
        Assert.Contains(result.Verdicts, v => v.Text.Contains("does not cross 0.1 (above it at every P")
            && v.Text.Contains("(inconclusive)"));
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, ProblemVerification.SweepName)));
    }

    [Fact]
    public void AnExponentVerdictNamesThePredictionItTests()
    {
        var v = Verdicts.Exponent("P*", "d", 1.03, 0.96, 1.10, paper: 1, theory: 0.98,
            referenceLabel: "prediction (M-Sp)");
        Assert.Equal("P* ∝ d^(1.03 ± 0.07); prediction (M-Sp): d^1; theory (LDT): d^0.98 — prediction inside " +
            "the 95% CI", v.Text);
        Assert.True(v.AgreesWithPaper);
        var w = Verdicts.Exponent("P*", "d", 1.5, 1.4, 1.6, paper: 1, referenceLabel: "prediction (M-Sp)");
        Assert.EndsWith("prediction OUTSIDE the 95% CI", w.Text);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("examples/ not found above the test folder");
    }
}
