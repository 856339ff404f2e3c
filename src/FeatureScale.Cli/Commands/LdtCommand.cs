using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using Spectre.Console;
using FeatureScale.Activations;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale ldt --act erf --target he3 --d 40 --N 40 --kappa 1 [--alpha 1] [--json] [--density FILE.csv]
/// [--curve 10,20,40,…] [--out DIR]</c>: the exact two-layer large-deviation bound (arXiv 2512.04165 App. B.3).
/// </summary>
public static class LdtCommand
{
    public static Command Build()
    {
        var act = new Option<string>("--act") { Description = "Activation: erf (closed form), relu (closed form) or tanh (quadrature).", DefaultValueFactory = _ => "erf" };
        var target = new Option<string>("--target") { Description = "he<m> = He_m/m! (the paper's App. B.3 normalisation), h<m> = He_m/√m! (unit norm), He<m> = raw He_m.", DefaultValueFactory = _ => "he3" };
        var d = new Option<int>("--d") { Description = "Input dimension d.", DefaultValueFactory = _ => 40 }.Positive();
        var n = new Option<int>("--width") { Description = "Hidden width N.", DefaultValueFactory = _ => 40 }.Positive();
        var kappa = new Option<double>("--kappa") { Description = "Ridge κ.", DefaultValueFactory = _ => 1.0 }.Positive();
        var alpha = new Option<double>("--alpha") { Description = "Alignment level α.", DefaultValueFactory = _ => 1.0 }.Positive();
        var s1 = new Option<double>("--sigma-w2") { Description = "First-layer prior variance σ₁² (w ~ N(0, σ₁² I/d)).", DefaultValueFactory = _ => 1.0 }.Positive();
        var s2 = new Option<double>("--sigma-a2") { Description = "Read-out prior variance σ₂² (a ~ N(0, σ₂²/N)).", DefaultValueFactory = _ => 1.0 }.Positive();
        var align = new Option<string>("--alignment") { Description = "inner: A_f = ⟨f,y⟩ (App. B.3); normalized: A_f = ⟨f,y⟩/⟨y,y⟩ (Eq. 3).", DefaultValueFactory = _ => "inner" };
        var quad = new Option<bool>("--quadrature") { Description = "Compute E[σ^(m)] by quadrature even where a closed form exists." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var density = new Option<string?>("--density") { Description = "CSV file for the tilted density of β = w·w* as −log density (Fig. 2a)." };
        var betaMax = new Option<double?>("--beta-max") { Description = "Half-range of β in the density (default: 2.5 or 8σ₁/√d, whichever is larger)." };
        var points = new Option<int>("--points") { Description = "Points of the density grid (3..1000000).", DefaultValueFactory = _ => 801 }.Within(3, 1_000_000);
        var curve = new Option<string?>("--curve") { Description = "P* vs d (Fig. 2b theory): comma-separated d values, N = width-ratio·d." };
        var ratio = new Option<double>("--width-ratio") { Description = "N/d on the curve.", DefaultValueFactory = _ => 1.0 }.Positive();
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        var outDir = new Option<string?>("--out") { Description = "Folder for ldt.json, density.csv, curve.csv and manifest.json." };
        var cmd = new Command("ldt", "Exact two-layer large-deviation bound: saddle t*, energy E(α), P* = 2κE/k, tilted density of β (App. B.3, generalised).");
        betaMax.Positive();
        foreach (var o in new Option[] { act, target, d, kappa, alpha, align, quad, json, density, betaMax, points, curve, ratio, outDir, force }) cmd.Options.Add(o);
        var oldN = cmd.AddWithOldSpellings(n, "--N");
        var oldS1 = cmd.AddWithOldSpellings(s1, "--sigma1");
        var oldS2 = cmd.AddWithOldSpellings(s2, "--sigma2");
        cmd.SetAction(pr => Fail.Guard(() => Run(
            pr.GetValue(act)!, pr.GetValue(target)!, pr.GetValue(d), pr.Get(n, oldN), pr.GetValue(kappa), pr.GetValue(alpha), pr.Get(s1, oldS1), pr.Get(s2, oldS2),
            pr.GetValue(align)!, pr.GetValue(quad), pr.GetValue(json), pr.GetValue(density), pr.GetValue(betaMax), pr.GetValue(points),
            pr.GetValue(curve), pr.GetValue(ratio), pr.GetValue(outDir), pr.GetValue(force))));
        return cmd;
    }

    public static int Run(string act, string target, int d, int n, double kappa, double alpha, double s1, double s2, string align, bool quad,
        bool json, string? densityPath, double? betaMax, int points, string? curve, double ratio, string? outDir, bool force = false)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var convention = align.Trim().ToLowerInvariant() switch
        {
            "inner" => AlignmentConvention.Inner,
            "normalized" or "normalised" or "eq3" => AlignmentConvention.Normalized,
            _ => throw new ConfigException($"--alignment '{align}': use inner or normalized"),
        };
        var cfg = new LdtConfig((quad ? Activation.Parse(act).Numerical() : Activation.Parse(act)), HermiteTarget.Parse(target), d, n, kappa, alpha, s1, s2, convention);
        List<int>? curveDs = null;
        if (curve is not null)
        {
            curveDs = curve.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => int.TryParse(x, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ConfigException($"--curve: '{x}' is not a positive integer")).ToList();
            if (curveDs.Count < 2) throw new ConfigException("--curve needs at least two values of d");
            if (curveDs.Count > 10000) throw new ConfigException($"--curve has {curveDs.Count} values of d; at most 10000");
        }
        if (densityPath is not null) OutputFolder.CheckFile(densityPath, "--density");
        var manifestConfig = new { act, target, d, n, kappa, alpha, sigma1_squared = s1, sigma2_squared = s2, alignment = align, quadrature = quad, curve, width_ratio = ratio };
        if (outDir is not null) OutputFolder.Prepare(outDir, "--out", force, "ldt", manifestConfig);
        var ldt = new TwoLayerLdt(cfg);
        var res = ldt.Solve();

        List<(double Beta, double NegLogDensity, double NegLogPrior)>? dens = null;
        if (densityPath is not null || outDir is not null)
        {
            double bm = betaMax ?? Math.Max(2.5, 8 * Math.Sqrt(s1 / d));
            dens = ldt.TiltedDensity(res.TStar, bm, points).ToList();
        }
        List<(int D, int N, LdtResult R)>? rows = null;
        LinearFit? fit = null;
        if (curve is not null)
        {
            var ds = curveDs!;
            rows = TwoLayerLdt.Curve(cfg, ds, ratio).ToList();
            fit = LinearFit.Fit(rows.Select(r => Math.Log(r.D)).ToArray(), rows.Select(r => Math.Log(r.R.PStar)).ToArray());
        }
        clock.Stop();

        var doc = new Dictionary<string, object?>
        {
            ["activation"] = cfg.Activation.Name,
            ["target"] = cfg.Target.ToString(),
            ["target_prefactor"] = cfg.Target.Prefactor,
            ["target_norm_squared"] = cfg.Target.SquaredNorm,
            ["alignment_convention"] = convention == AlignmentConvention.Inner ? "inner" : "normalized",
            ["d"] = d, ["N"] = n, ["kappa"] = kappa, ["alpha"] = alpha, ["sigma1_squared"] = s1, ["sigma2_squared"] = s2,
            ["t_star"] = res.TStar,
            ["saddle_residual"] = res.SaddleResidual,
            ["energy"] = res.Energy,
            ["k"] = res.K,
            ["pstar"] = res.PStar,
            ["log_mgf_per_neuron"] = res.LogMgf,
            ["specialised_fraction"] = res.SpecialisedFraction,
            ["expected_specialised_neurons"] = res.SpecialisedFraction * n,
            ["derivative_expectation"] = cfg.Activation.UsesQuadrature ? "quadrature" : "closed form",
            ["wall_ms"] = clock.Elapsed.TotalMilliseconds,
        };
        if (rows is not null)
        {
            doc["curve"] = rows.Select(r => new Dictionary<string, object?> { ["d"] = r.D, ["N"] = r.N, ["t_star"] = r.R.TStar, ["energy"] = r.R.Energy, ["pstar"] = r.R.PStar }).ToList();
            doc["pstar_slope_vs_d"] = fit!.Slope;
        }
        CsvTable? densCsv = null;
        if (dens is not null)
        {
            densCsv = new CsvTable("beta", "beta_sqrt_d_over_sigma1", "neg_log_density", "neg_log_prior");
            foreach (var (b, nl, np) in dens) densCsv.Add(b, b * Math.Sqrt(d / s1), nl, np);
            if (densityPath is not null) densCsv.Write(densityPath, parquet: false); // the one file asked for
        }
        if (outDir is not null)
        {
            Json.Write(Path.Combine(outDir, "ldt.json"), doc);
            densCsv?.Write(Path.Combine(outDir, "density.csv"));
            if (rows is not null)
            {
                var c = new CsvTable("d", "N", "t_star", "energy", "k", "pstar");
                foreach (var r in rows) c.Add(r.D, r.N, r.R.TStar, r.R.Energy, r.R.K, r.R.PStar);
                c.Write(Path.Combine(outDir, "curve.csv"));
            }
            Manifest.Create("ldt", manifestConfig,
                null, started, clock.Elapsed.TotalSeconds).WriteTo(outDir);
        }
        if (json) { Console.WriteLine(Json.Serialize(doc)); return 0; }

        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        var t = new Table().AddColumn("quantity").AddColumn("value");
        t.AddRow("setting", Markup.Escape($"{cfg.Activation.Name}, y = {cfg.Target} (c_m = {F(cfg.Target.Prefactor)}, ⟨y,y⟩ = {F(cfg.Target.SquaredNorm)}), d = {d}, N = {n}, κ = {F(kappa)}, α = {F(alpha)}, σ₁² = {F(s1)}, σ₂² = {F(s2)}, A_f {(convention == AlignmentConvention.Inner ? "= ⟨f,y⟩" : "= ⟨f,y⟩/⟨y,y⟩")}"));
        t.AddRow("t* (Eq. 37)", F(res.TStar));
        t.AddRow("saddle residual", res.SaddleResidual.ToString("0.0E+00", CultureInfo.InvariantCulture));
        t.AddRow("E(α) (Eq. 40 / 2κ)", F(res.Energy));
        t.AddRow("k (NNGP, Eq. 21)", F(res.K));
        t.AddRow("P* = 2κE/k", F(res.PStar));
        t.AddRow("tilted P(|β| > 3σ₁/√d) × N", F(res.SpecialisedFraction * n));
        AnsiConsole.Write(t);
        if (rows is not null)
        {
            var c = new Table().AddColumn("d").AddColumn("N").AddColumn("t*").AddColumn("E(α)").AddColumn("P*");
            foreach (var r in rows) c.AddRow(r.D.ToString(CultureInfo.InvariantCulture), r.N.ToString(CultureInfo.InvariantCulture), F(r.R.TStar), F(r.R.Energy), F(r.R.PStar));
            AnsiConsole.Write(c);
            AnsiConsole.MarkupLine($"log P* vs log d slope: [bold]{F(fit!.Slope)}[/] ± {F(fit.SlopeStdError)}");
        }
        if (densityPath is not null) AnsiConsole.MarkupLine($"tilted density → {Markup.Escape(densityPath)}");
        AnsiConsole.MarkupLine($"[grey]({clock.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms)[/]");
        return 0;
    }
}
