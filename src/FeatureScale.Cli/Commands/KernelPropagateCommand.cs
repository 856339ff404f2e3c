using FeatureScale.Activations;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FeatureScale.Kernels;
using FeatureScale.Reporting;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale kernel propagate [--quick] [--variant iid|powerlaw]</c>: the feature-propagation experiment of
/// Figs. 5–6 — RKHS norm of Φ*² in the next layer vs the variance boost D of a first-layer kernel mode (expected D⁻²).
/// Writes propagation.csv, propagation.json, propagation.png and manifest.json.
/// </summary>
public static class KernelPropagateCommand
{
    public static Command Build()
    {
        var quick = new Option<bool>("--quick") { Description = "Small size (d=40, N1=800, N2=400, P=1600; seconds) instead of the paper's (d=120, N1=2000, N2=1000, P=6000)." };
        var variant = new Option<string>("--variant") { Description = "iid (Fig. 5) or powerlaw (Fig. 6: covariance k^-1.1 + layer norm, d=250, N1=N2=3000, P=4000).", DefaultValueFactory = _ => "iid" };
        var act = new Option<string?>("--act") { Description = "Override the activation (relu, quadratic = 1+x+x^2, erf, ...)." };
        var layerNorm = new Option<bool?>("--layer-norm") { Description = "Override layer normalisation between the two layers (true/false)." };
        var d = new Option<int?>("--d") { Description = "Override d." }.AtLeast(2);
        var widths = new Option<string?>("--widths") { Description = "Override the hidden widths: N1,N2." };
        var n1 = new Option<int?>("--n1") { Description = "old spelling of --widths (N1)", Hidden = true }.Positive();
        var n2 = new Option<int?>("--n2") { Description = "old spelling of --widths (N2)", Hidden = true }.Positive();
        var p = new Option<int?>("--P") { Description = "Override P (training-set size)." }.AtLeast(2);
        var power = new Option<int>("--power")
        {
            Description = "Power m of the measured feature Φ*^m: 2 (the paper) or 1 (control, expected D^-1).",
            DefaultValueFactory = _ => 2,
        };
        var theoryD = new Option<string?>("--theory-d")
        {
            Description = "Also print the idealised curve's local slopes (N1, N2, P → ∞; ReLU, i.i.d. inputs) at " +
                "these d, e.g. 60,120,240.",
        };
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "featurescale-results/kernel-propagate" };
        var cmd = new Command("propagate", "Figs. 5-6: boost the variance of the (d/2)-th first-layer kernel mode by D and measure the next layer's RKHS norm of its square (expected slope -2).");
        foreach (var o in new Option[] { quick, variant, act, layerNorm, d, widths, n1, n2, power, theoryD, seed,
            outDir, force }) cmd.Options.Add(o);
        var oldP = cmd.AddWithOldSpellings(p, "--p");
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var started = DateTimeOffset.UtcNow; var clock = Stopwatch.StartNew();
            ulong s = pr.GetValue(seed);
            var config = pr.GetValue(variant)!.ToLowerInvariant() switch
            {
                "iid" => pr.GetValue(quick) ? PropagationConfig.Quick(s) : PropagationConfig.Full(s),
                "powerlaw" => pr.GetValue(quick) ? PropagationConfig.PowerLaw(s) with { D = 60, N1 = 750, N2 = 750, P = 1000 } : PropagationConfig.PowerLaw(s),
                var v => throw new ConfigException($"unknown --variant '{v}' (iid or powerlaw)"),
            };
            if (pr.GetValue(act) is { } a) config = config with { Act = a };
            if (pr.GetValue(layerNorm) is { } ln) config = config with { LayerNorm = ln };
            if (pr.GetValue(d) is { } dv) config = config with { D = dv };
            if (pr.GetValue(widths) is { } ws)
            {
                if ((pr.GetValue(n1) ?? pr.GetValue(n2)) is not null) throw new ConfigException("give --widths or its old spellings --n1/--n2, not both");
                var parts = ws.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int w1) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int w2) || w1 < 1 || w2 < 1)
                    throw new ConfigException($"--widths must be two positive integers N1,N2 (got '{ws}')");
                config = config with { N1 = w1, N2 = w2 };
            }
            if (pr.GetValue(n1) is { } v1) config = config with { N1 = v1 };
            if (pr.GetValue(n2) is { } v2) config = config with { N2 = v2 };
            if (pr.Get(p, oldP) is { } pv) config = config with { P = pv };
            config = config with { Power = pr.GetValue(power) };
            if (config.Power is not (1 or 2)) throw new ConfigException($"--power must be 1 or 2 (got {config.Power})");
            var sweepD = ParseDs(pr.GetValue(theoryD));
            _ = Activation.Parse(config.Act);
            ResourceGuard.CheckMemory(8.0 * ((double)config.P * (config.D + 2.0 * config.N1 + 2.0 * config.N2 + 6.0 * config.P)
                + (double)config.N1 * (config.D + config.N2)) + 64e6,
                $"--P {config.P}, --d {config.D}, --widths {config.N1},{config.N2}");
            OutputFolder.Prepare(pr.GetValue(outDir)!, "--out", pr.GetValue(force), "kernel propagate", config);
            var result = ConsoleProgress.Run("kernel propagate", sink => KernelPropagation.Run(config, sink));
            string dir = pr.GetValue(outDir)!;
            var csv = new CsvTable("boost_d", "rkhs_norm", "inverse_quadratic", "inverse_quadratic_off_diagonal",
                "off_diagonal_relative_error", "rank");
            foreach (var pt in result.Points)
                csv.Add(pt.Boost, pt.RkhsNorm, pt.InverseQuadratic, pt.InverseQuadraticOffDiagonal,
                    pt.OffDiagonalRelativeError, pt.Rank);
            var theory = PropagationTheory.Applies(config)
                ? PropagationTheory.Curve(config.D, config.Boosts, config.Power) : null;
            if (theory is not null)
            {
                var tcsv = new CsvTable("boost_d", "rkhs_norm", "inverse_quadratic");
                foreach (var t in theory) tcsv.Add(t.Boost, t.RkhsNorm, t.InverseQuadratic);
                tcsv.Write(Path.Combine(dir, "propagation-theory.csv"));
            }
            csv.Write(Path.Combine(dir, "propagation.csv"));
            Json.Write(Path.Combine(dir, "propagation.json"), result);
            WritePlot(result, Path.Combine(dir, "propagation.png"), theory);
            Manifest.Create("kernel propagate", config, config.Seed, started, clock.Elapsed.TotalSeconds).WriteTo(dir);
            for (int i = 0; i < result.Points.Count; i++)
            {
                var pt = result.Points[i];
                string ideal = theory is null ? "" : FormattableString.Invariant(
                    $"  idealised {theory[i].RkhsNorm:0.0000E+00} / {theory[i].InverseQuadratic:0.0000E+00}");
                Console.WriteLine(FormattableString.Invariant(
                    $"D = {pt.Boost,7:0.##}  <Phi|K^-1|Phi> = {pt.RkhsNorm:0.0000E+00}  <Phi|K|Phi>^-1 = ") +
                    FormattableString.Invariant($"{pt.InverseQuadratic:0.0000E+00}  (nu != mu terms: ") +
                    FormattableString.Invariant(
                        $"{pt.InverseQuadraticOffDiagonal:0.0000E+00} ± {100 * pt.OffDiagonalRelativeError:0.#}%)") +
                    FormattableString.Invariant($"  rank {pt.Rank}") +
                    ideal);
            }
            Console.WriteLine(FormattableString.Invariant(
                $"slope of <Phi|K^-1|Phi> vs D over D in [{config.FitMin}, {config.FitMax}]: {result.Slope:0.000} ± {result.SlopeStdError:0.000} (expected -2); <Phi|K|Phi>^-1: {result.QuadraticSlope:0.000}; steepest local slopes {result.SteepestSlope:0.000} and {result.SteepestQuadraticSlope:0.000}; mode eigenvalue lambda* = {result.ModeEigenvalue:0.####E+0}"));
            Console.WriteLine(FormattableString.Invariant(
                $"slope of <Phi|K|Phi>^-1 without the nu = mu terms: {result.OffDiagonalQuadraticSlope:0.000}"));
            foreach (int dv2 in sweepD)
            {
                var curve = PropagationTheory.Curve(dv2, config.Boosts, config.Power);
                var bx = curve.Select(t => t.Boost).ToArray();
                var sr = PropagationTheory.LocalSlopes(bx, curve.Select(t => t.RkhsNorm).ToArray());
                var sq = PropagationTheory.LocalSlopes(bx, curve.Select(t => t.InverseQuadratic).ToArray());
                static string Join(double[] v) =>
                    string.Join(" ", v.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)));
                Console.WriteLine($"idealised d = {dv2}: local slopes of <Phi|K^-1|Phi> {Join(sr)}");
                Console.WriteLine($"idealised d = {dv2}: local slopes of <Phi|K|Phi>^-1 {Join(sq)}");
            }
            Console.WriteLine($"results in {Path.GetFullPath(dir)} ({result.WallSeconds:0.0} s)");
            return 0;
        }));
        return cmd;
    }

    internal static int[] ParseDs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries).Select(t =>
            int.TryParse(t, CultureInfo.InvariantCulture, out int v) && v >= 8 ? v
            : throw new ConfigException($"--theory-d takes integers d ≥ 8 separated by commas (got '{t}')")).ToArray();
    }

    /// <summary>Minimal log-log plot (log10 axes) of both norms vs D with a D^-2 guide.</summary>
    internal static void WritePlot(PropagationResult r, string path,
        IReadOnlyList<PropagationTheoryPoint>? theory = null)
    {
        var plt = new ScottPlot.Plot();
        var lx = r.Points.Select(p => Math.Log10(p.Boost)).ToArray();
        var a = plt.Add.Scatter(lx, r.Points.Select(p => Math.Log10(p.RkhsNorm)).ToArray());
        a.LegendText = "<Phi|K^-1|Phi>";
        var b = plt.Add.Scatter(lx, r.Points.Select(p => Math.Log10(p.InverseQuadratic)).ToArray());
        b.LegendText = "<Phi|K|Phi>^-1";
        var anchor = r.Points.FirstOrDefault(p => p.Boost >= r.Config.FitMin) ?? r.Points[0];
        double x0 = Math.Log10(anchor.Boost), y0 = Math.Log10(anchor.RkhsNorm);
        var guide = plt.Add.Line(x0, y0, lx[^1], y0 - 2 * (lx[^1] - x0));
        guide.LegendText = "D^-2";
        guide.LinePattern = ScottPlot.LinePattern.Dashed;
        var resolved = r.Points.Where(p => p.InverseQuadraticOffDiagonal > 0).ToArray();
        if (resolved.Length > 0)
        {
            var od = plt.Add.Scatter(resolved.Select(p => Math.Log10(p.Boost)).ToArray(),
                resolved.Select(p => Math.Log10(p.InverseQuadraticOffDiagonal)).ToArray());
            od.LegendText = "<Phi|K|Phi>^-1 without nu = mu terms";
        }
        if (theory is not null)
        {
            var tx = theory.Select(t => Math.Log10(t.Boost)).ToArray();
            var tr = plt.Add.ScatterLine(tx, theory.Select(t => Math.Log10(t.RkhsNorm)).ToArray());
            tr.LegendText = "<Phi|K^-1|Phi> idealised (N, P -> inf)";
            tr.LinePattern = ScottPlot.LinePattern.Dotted;
            var tq = plt.Add.ScatterLine(tx, theory.Select(t => Math.Log10(t.InverseQuadratic)).ToArray());
            tq.LegendText = "<Phi|K|Phi>^-1 idealised";
            tq.LinePattern = ScottPlot.LinePattern.Dotted;
        }
        plt.XLabel("log10 D (variance boost of the first-layer mode)");
        plt.YLabel("log10 norm of Phi*^2 in the next layer");
        plt.Title(string.Create(CultureInfo.InvariantCulture, $"{r.Config.Act}, d={r.Config.D}, N1={r.Config.N1}, N2={r.Config.N2}, P={r.Config.P}: slope {r.Slope:0.00}"));
        plt.ShowLegend();
        plt.SavePng(path, 800, 560);
    }
}
