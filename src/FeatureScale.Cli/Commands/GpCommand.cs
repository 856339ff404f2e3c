using System.CommandLine;
using System.Diagnostics;
using FeatureScale.Reporting;
using FeatureScale.Experiments;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale gp --config FILE.json</c>: infinite-width GP predictions for a training configuration (the same
/// file as <c>featurescale train</c>): predicted A_f and test MSE at the configured P, and the learning curve vs P from
/// the kernel spectrum (eigenlearning) next to direct GP regression on sampled data.
/// </summary>
public static class GpCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config") { Description = "Training configuration JSON, the same file as train's --config (fields d, P, widths or width+depth, activation, target, kappa, sigma2 or sigma2_layers, seed, test_points; GP extras p_grid, direct_max_p, inputs, gp_repeats; a non-FCN arch or task, or the mean-field parameterisation, is refused).", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "featurescale-results/gp" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        var cmd = new Command("gp", "GP (NNGP) predictions for a training configuration: A_f, test MSE and the learning curve vs P.");
        foreach (var o in new Option[] { config, outDir, json, force }) cmd.Options.Add(o);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var started = DateTimeOffset.UtcNow; var clock = Stopwatch.StartNew();
            var cfg = GpConfig.Load(pr.GetValue(config)!);
            OutputFolder.Prepare(pr.GetValue(outDir)!, "--out", pr.GetValue(force), "gp", cfg);
            var result = ConsoleProgress.Run("gp", sink => GpStudy.Run(cfg, sink), pr.GetValue(json) ? TextWriter.Null : null);
            string dir = pr.GetValue(outDir)!;
            var csv = new CsvTable("p", "theory_alignment", "theory_mse", "effective_ridge", "direct_alignment", "direct_mse", "direct_posterior_mse");
            foreach (var c in result.Curve) csv.Add(c.P, c.TheoryAlignment, c.TheoryMse, c.EffectiveRidge, c.DirectAlignment, c.DirectMse, c.DirectPosteriorMse);
            csv.Write(Path.Combine(dir, "learning_curve.csv"));
            Json.Write(Path.Combine(dir, "gp.json"), result);
            Manifest.Create("gp", cfg, cfg.Seed, started, clock.Elapsed.TotalSeconds).WriteTo(dir);
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(result)); return 0; }
            var a = result.AtP;
            Console.WriteLine($"{result.Kernel}, d = {cfg.D}, target {cfg.Target} (<y,y> = {KernelCommand.Fmt(result.TargetNorm2)}), kappa = {cfg.Kappa}");
            Console.WriteLine(FormattableString.Invariant($"P = {a.P}: theory A_f = {a.TheoryAlignment:0.0000}, MSE = {a.TheoryMse:0.0000}; direct GP A_f = {a.DirectAlignment:0.0000}, MSE(mean) = {a.DirectMse:0.0000}, posterior MSE = {a.DirectPosteriorMse:0.0000}"));
            Console.WriteLine("learning curve (theory | direct):");
            foreach (var c in result.Curve)
                Console.WriteLine(FormattableString.Invariant($"  P = {c.P,7}  A_f {c.TheoryAlignment:0.0000} | {(c.DirectAlignment is { } da ? da.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-"),6}   MSE {c.TheoryMse:0.0000} | {(c.DirectMse is { } dm ? dm.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-")}"));
            Console.WriteLine($"results in {Path.GetFullPath(dir)}");
            return 0;
        }));
        return cmd;
    }
}
