using System.CommandLine;
using System.Diagnostics;
using FeatureScale.Data;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Theory.Adaptive;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale adaptive cubic|modular|linear</c>: adaptive-kernel theory of 2310.03789 (cubic teacher, modular
/// addition) and the multi-scale χ theory of 2502.03210 for linear networks. Prints a summary (or JSON with
/// --json); with --out writes manifest.json, solutions/landscape/sweep CSVs and result.json.
/// </summary>
public static class AdaptiveCommand
{
    public static Command Build()
    {
        var cmd = new Command("adaptive", "Adaptive-kernel theory: grokking as a first-order transition (cubic teacher, modular addition) and the multi-scale chi theory of linear networks.");
        cmd.Subcommands.Add(Cubic());
        cmd.Subcommands.Add(Modular());
        cmd.Subcommands.Add(Linear());
        return cmd;
    }

    private static AveragingMethod ParseMethod(string s) => s.ToLowerInvariant() switch
    {
        "saddle" => AveragingMethod.Saddle,
        "quadrature" or "quad" => AveragingMethod.Quadrature,
        "montecarlo" or "mc" => AveragingMethod.MonteCarlo,
        "fullnorm" => AveragingMethod.QuadratureFullNorm,
        _ => throw new ConfigException($"unknown --method '{s}' (saddle, quadrature, montecarlo; cubic also fullnorm)"),
    };

    private static double[] ParseSweep(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return [];
        var parts = s.Split(':');
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length != 3 || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, inv, out double lo)
            || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, inv, out double hi)
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, inv, out int n))
            throw new ConfigException($"--sweep must be lo:hi:count with numbers lo, hi and a whole count (got '{s}')");
        if (n < 2 || n > 10000 || !(lo > 0) || !(hi > 0) || !double.IsFinite(lo) || !double.IsFinite(hi))
            throw new ConfigException($"--sweep needs finite positive bounds and a count in 2..10000 (got '{s}')");
        return Enumerable.Range(0, n).Select(i => hi + (lo - hi) * i / (n - 1)).ToArray(); // high noise first (GFL) for continuation
    }

    private static void Emit(object result, bool json, string? outDir, string command, object config, ulong? seed, DateTimeOffset started, Stopwatch clock,
        IEnumerable<(string Name, CsvTable Table)> tables, string summary)
    {
        if (outDir is not null)
        {
            foreach (var (name, t) in tables) t.Write(Path.Combine(outDir, name));
            Json.Write(Path.Combine(outDir, "result.json"), result);
            Manifest.Create(command, config, seed, started, clock.Elapsed.TotalSeconds).WriteTo(outDir);
        }
        Console.WriteLine(json ? Json.Serialize(result) : summary);
    }

    private static Option<bool> ForceOption() => new("--force") { Description = OutputFolder.ForceHelp };

    private static void PrepareOut(string? outDir, bool force, string command, object config)
    {
        if (outDir is not null) OutputFolder.Prepare(outDir, "--out", force, command, config);
    }

    private static Command Cubic()
    {
        var n = new Option<double>("--P") { Description = "Training-set size P (n in 2310.03789).", DefaultValueFactory = _ => 3000 }.Positive();
        var width = new Option<double>("--width") { Description = "Hidden width N.", DefaultValueFactory = _ => 700 }.Positive();
        var dim = new Option<double>("--d") { Description = "Input dimension d.", DefaultValueFactory = _ => 150 }.Positive();
        var sw2 = new Option<double>("--sigma-w2") { Description = "Input-weight prior sigma_w^2 (variance sigma_w^2/d).", DefaultValueFactory = _ => 0.5 }.Positive();
        var sa2 = new Option<double?>("--sigma-a2") { Description = "Readout sigma_a^2 (default 8/N)." }.Positive();
        var eps = new Option<double>("--eps") { Description = "Cubic coefficient epsilon.", DefaultValueFactory = _ => -0.3 };
        var s2 = new Option<double>("--noise") { Description = "Noise variance sigma^2 of the likelihood.", DefaultValueFactory = _ => 0.18 }.Positive();
        var alpha = new Option<double>("--alpha") { Description = "Scaling alpha of Table 1 (continuum).", DefaultValueFactory = _ => 1 };
        var beta = new Option<double>("--beta") { Description = "Scaling beta of Table 1 (mean-field + saddle).", DefaultValueFactory = _ => 1 };
        var method = new Option<string>("--method") { Description = "Averaging at finite d: quadrature (exact in q), fullnorm (exact in q and |w_perp|^2), saddle (Gaussian mixture) or montecarlo.", DefaultValueFactory = _ => "quadrature" };
        var sweep = new Option<string?>("--sweep") { Description = "Sweep lo:hi:count of --sweep-param (continuation from the high end)." };
        var sweepParam = new Option<string>("--sweep-param") { Description = "Control parameter swept: noise (sigma^2), width or P.", DefaultValueFactory = _ => "noise" };
        var seed = new Option<ulong>("--seed") { Description = "Monte-Carlo seed.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var outDir = new Option<string?>("--out") { Description = "Output folder (manifest.json, CSVs, result.json)." };
        var cmd = new Command("cubic", "Cubic teacher (He1 + eps He3, erf student): two-mode closure (b, c), Eq. 13 landscape, u_c, phase. Defaults: the paper's Fig. 2.");
        var force = ForceOption();
        foreach (var o in new Option[] { width, sw2, sa2, eps, alpha, beta, method, sweep, sweepParam, seed, json, outDir, force }) cmd.Options.Add(o);
        var oldN = cmd.AddWithOldSpellings(n, "--n");
        var oldDim = cmd.AddWithOldSpellings(dim, "--dim");
        var oldS2 = cmd.AddWithOldSpellings(s2, "--sigma2");
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var started = DateTimeOffset.UtcNow; var clock = Stopwatch.StartNew();
            double w = pr.GetValue(width);
            var p0 = new CubicTeacherParameters(w, pr.Get(n, oldN), pr.Get(dim, oldDim), pr.GetValue(sw2), pr.GetValue(sa2) ?? 8.0 / w, pr.GetValue(eps), pr.Get(s2, oldS2));
            var p = ScalingFamily.Polynomial(p0, pr.GetValue(alpha), pr.GetValue(beta)).Validated();
            var m = ParseMethod(pr.GetValue(method)!);
            string sp = pr.GetValue(sweepParam)!.ToLowerInvariant() switch
            {
                "sigma2" or "noise" => "sigma2", "width" => "width", "n" or "p" => "n",
                var bad => throw new ConfigException($"--sweep-param must be noise, width or P (got '{bad}')"),
            };
            var sweepValues = ParseSweep(pr.GetValue(sweep));
            var runConfig = new { parameters = p, method = m.ToString(), sweep = pr.GetValue(sweep), sweep_param = sp, seed = pr.GetValue(seed) };
            PrepareOut(pr.GetValue(outDir), pr.GetValue(force), "adaptive cubic", runConfig);
            var mc = new MonteCarloOptions(Seed: pr.GetValue(seed));
            var model = new CubicTeacher(p);
            var crit = model.CriticalPoint();
            var limit = model.LimitPhase();
            var branches = model.SolveAll(m, mc: mc);
            var chosen = branches.OrderByDescending(b => b.B).FirstOrDefault();
            string? note = chosen is null ? $"no self-consistent (b, c) with the {m} method at sigma^2={p.Sigma2} (the finite-d Gaussian mixture jumps where a metastable well appears); try --method quadrature" : null;
            var land = new CsvTable("q", "action", "action_gfl_limit");
            var (bl, cl) = model.LimitGfl();
            for (int i = 0; i <= 400; i++) { double q = -3 + 6.0 * i / 400; land.Add(q, chosen is null ? double.NaN : model.ReducedAction(q, chosen.B, chosen.C), model.ReducedAction(q, bl, cl)); }
            var sols = new CsvTable("sigma2", "width", "n", "u", "method", "b", "c", "lambda11", "lambda13", "lambda33", "droplet_weight", "residual", "limit_phase", "limit_droplet_fraction");
            foreach (var b in branches) sols.Add(b.Sigma2, p.Width, p.Samples, b.U, b.Method.ToString(), b.B, b.C, b.Lambda11, b.Lambda13, b.Lambda33, b.DropletWeight, b.Residual, limit.Phase.ToString(), limit.DropletFraction);
            double? prev = null;
            var sweepLand = new CsvTable(sp, "q", "action");
            foreach (var s in sweepValues)
            {
                var ps = sp switch { "sigma2" => p with { Sigma2 = s }, "width" => p with { Width = s }, _ => p with { Samples = s } };
                var mm = new CubicTeacher(ps);
                var lp = mm.LimitPhase();
                var sol = mm.Continue(m, prev, mc);
                if (sol is null) { sols.Add(ps.Sigma2, ps.Width, ps.Samples, ps.Interaction, m.ToString(), double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, lp.Phase.ToString(), lp.DropletFraction); continue; }
                prev = sol.B;
                for (int i = 0; i <= 120; i++) { double q = -3 + 6.0 * i / 120; sweepLand.Add(s, q, mm.ReducedAction(q, sol.B, sol.C)); }
                sols.Add(ps.Sigma2, ps.Width, ps.Samples, sol.U, sol.Method.ToString(), sol.B, sol.C, sol.Lambda11, sol.Lambda13, sol.Lambda33, sol.DropletWeight, sol.Residual, lp.Phase.ToString(), lp.DropletFraction);
            }
            var result = new
            {
                model = "cubic-teacher", method = m.ToString(), parameters = p, u = p.Interaction,
                u_c = crit.UC, sigma2_c = crit.Sigma2C, q_star_c = crit.QStar, b_c = crit.BC, c_c = crit.CC,
                phase = limit.Phase.ToString(), limit_droplet_fraction = limit.DropletFraction, b_limit = limit.B, c_limit = limit.C,
                b = chosen?.B, c = chosen?.C, learned_linear = chosen?.LearnedLinear, learned_cubic = chosen?.LearnedCubic(p.Epsilon),
                droplet_weight = chosen?.DropletWeight, residual = chosen?.Residual, note,
                minima = chosen?.Minima, branches = branches.Select(b => new { b.B, b.C, b.DropletWeight, b.Residual }).ToArray(),
                critical_point_method = "thermodynamic limit (Gaussian saddle at q=0, c -> eps), Brent in sigma^2",
            };
            string summary = FormattableString.Invariant(
                $"cubic teacher ({m}): u={p.Interaction:G6}  u_c={crit.UC:G6}  sigma2_c={crit.Sigma2C:G6}  phase={limit.Phase} (limit droplet fraction {limit.DropletFraction:G3})\n") +
                (chosen is null ? "  " + note : FormattableString.Invariant($"  b={chosen.B:G6}  c={chosen.C:G6}  learned cubic={chosen.LearnedCubic(p.Epsilon):G4}  droplet weight (d={p.Dimension})={chosen.DropletWeight:G4}  branches={branches.Count}"));
            Emit(result, pr.GetValue(json), pr.GetValue(outDir), "adaptive cubic", runConfig,
                pr.GetValue(seed), started, clock, [("solutions.csv", sols), ("landscape.csv", land), ("sweep_landscapes.csv", sweepLand)], summary);
            return 0;
        }));
        return cmd;
    }

    private static Command Modular()
    {
        var width = new Option<double>("--width") { Description = "Hidden width N.", DefaultValueFactory = _ => 1000 }.Positive();
        var modulus = new Option<double>("--modulus") { Description = "Prime modulus p (P in 2310.03789).", DefaultValueFactory = _ => 401 }.Within(2, 1e6);
        var sa2 = new Option<double?>("--sigma-a2") { Description = "Readout sigma_a^2 (default 0.002/N)." }.Positive();
        var gamma = new Option<double>("--gamma") { Description = "Non-linear weight decay gamma.", DefaultValueFactory = _ => 1e-4 }.Positive();
        var s2 = new Option<double>("--noise") { Description = "Noise variance sigma^2 of the likelihood.", DefaultValueFactory = _ => 0.2 }.Positive();
        var method = new Option<string>("--method") { Description = "Averaging: saddle (two-point mixture), quadrature or montecarlo.", DefaultValueFactory = _ => "saddle" };
        var sweep = new Option<string?>("--sweep") { Description = "sigma^2 sweep lo:hi:count." };
        var seed = new Option<ulong>("--seed") { Description = "Monte-Carlo seed.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var outDir = new Option<string?>("--out") { Description = "Output folder." };
        var cmd = new Command("modular", "Modular addition (square activation): a = -sigma^2/(lambda(a)+sigma^2), Fourier-mode landscape, GMFL-I/II boundaries. Defaults: the paper's Fig. 3.");
        var force = ForceOption();
        foreach (var o in new Option[] { width, modulus, sa2, gamma, method, sweep, seed, json, outDir, force }) cmd.Options.Add(o);
        var oldS2 = cmd.AddWithOldSpellings(s2, "--sigma2");
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var started = DateTimeOffset.UtcNow; var clock = Stopwatch.StartNew();
            double w = pr.GetValue(width);
            var p = new ModularParameters(w, pr.GetValue(modulus), pr.GetValue(sa2) ?? 0.002 / w, pr.GetValue(gamma), pr.Get(s2, oldS2)).Validated();
            var m = ParseMethod(pr.GetValue(method)!);
            if (m == AveragingMethod.QuadratureFullNorm) throw new ConfigException("--method fullnorm applies to the cubic model only");
            var sweepValues = ParseSweep(pr.GetValue(sweep));
            var runConfig = new { parameters = p, method = m.ToString(), sweep = pr.GetValue(sweep), seed = pr.GetValue(seed) };
            PrepareOut(pr.GetValue(outDir), pr.GetValue(force), "adaptive modular", runConfig);
            var mc = new MonteCarloOptions(Seed: pr.GetValue(seed));
            var model = new ModularAddition(p);
            var sol = model.Solve(m, mc);
            var bounds = model.Boundaries(m == AveragingMethod.MonteCarlo ? AveragingMethod.Saddle : m);
            var land = new CsvTable("phi", "action_per_p");
            double phiMax = 2 * Math.Sqrt(3 / p.Gamma);
            for (int i = 0; i <= 400; i++) { double f = phiMax * i / 400; land.Add(f, model.DiagonalAction(f, sol.G)); }
            var sols = new CsvTable("sigma2", "u", "method", "a", "lambda", "g", "phi_plus", "action_plus", "droplet_weight", "phase");
            sols.Add(sol.Sigma2, sol.U, sol.Method.ToString(), sol.A, sol.Lambda, sol.G, sol.PhiPlus, sol.ActionPlus, sol.DropletWeight, sol.Phase.ToString());
            var sweepLand = new CsvTable("sigma2", "phi", "action_per_p");
            foreach (var s in sweepValues)
            {
                var x = model.WithSigma2(s).Solve(m, mc);
                for (int i = 0; i <= 200; i++) { double f = phiMax * i / 200; sweepLand.Add(s, f, model.DiagonalAction(f, x.G)); }
                sols.Add(x.Sigma2, x.U, x.Method.ToString(), x.A, x.Lambda, x.G, x.PhiPlus, x.ActionPlus, x.DropletWeight, x.Phase.ToString());
            }
            var result = new
            {
                model = "modular-addition", method = m.ToString(), parameters = p, u = p.Interaction,
                a = sol.A, lambda = sol.Lambda, g = sol.G, phi_plus = sol.PhiPlus, droplet_weight = sol.DropletWeight, phase = sol.Phase.ToString(),
                sigma2_gmfl1 = bounds.Sigma2Gmfl1Limit, sigma2_gmfl2 = bounds.Sigma2Gmfl2Limit, a_at_gmfl1 = -1.0, a_at_gmfl2 = bounds.AAtGmfl2Limit,
                sigma2_gmfl1_finite_p = bounds.Sigma2Gmfl1FiniteP, sigma2_gmfl2_finite_p = bounds.Sigma2Gmfl2FiniteP, boundaries_method = bounds.Method.ToString(),
                g_star = bounds.GStar, phi_star = bounds.PhiStar,
            };
            string summary = FormattableString.Invariant(
                $"modular addition ({m}): sigma2={p.Sigma2:G4} u={p.Interaction:G5} a={sol.A:G6} lambda={sol.Lambda:G5} phase={sol.Phase} droplet weight={sol.DropletWeight:G4}\n  GMFL-I starts at sigma2={bounds.Sigma2Gmfl1Limit:G5} (finite P: {bounds.Sigma2Gmfl1FiniteP:G5}), GMFL-II at sigma2={bounds.Sigma2Gmfl2Limit:G5} (finite P: {bounds.Sigma2Gmfl2FiniteP:G5}); a: -1 -> {bounds.AAtGmfl2Limit:G4}");
            Emit(result, pr.GetValue(json), pr.GetValue(outDir), "adaptive modular", runConfig,
                pr.GetValue(seed), started, clock, [("solutions.csv", sols), ("landscape.csv", land), ("sweep_landscapes.csv", sweepLand)], summary);
            return 0;
        }));
        return cmd;
    }

    private static Command Linear()
    {
        var n = new Option<int>("--P") { Description = "Training-set size P.", DefaultValueFactory = _ => 30 }.Positive();
        var dim = new Option<int>("--d") { Description = "Input dimension d.", DefaultValueFactory = _ => 10 }.Positive();
        var width = new Option<double>("--width") { Description = "Hidden width N.", DefaultValueFactory = _ => 50 }.Positive();
        var chi = new Option<double?>("--chi") { Description = "Scale chi (1 standard, N mean-field; default N)." }.Positive();
        var kappa = new Option<double>("--kappa") { Description = "Noise kappa (sigma^2 = kappa/chi).", DefaultValueFactory = _ => 0.1 }.Positive();
        var gv = new Option<double>("--gv") { Description = "Input-weight variance g_v (w ~ N(0, g_v/d)).", DefaultValueFactory = _ => 1 }.Positive();
        var gw = new Option<double>("--gw") { Description = "Readout g_w (a ~ N(0, g_w/(chi N))).", DefaultValueFactory = _ => 1 }.Positive();
        var ntest = new Option<int>("--test-points") { Description = "Test points.", DefaultValueFactory = _ => 200 }.AtLeast(0);
        var seed = new Option<ulong>("--seed") { Description = "Data seed.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var outDir = new Option<string?>("--out") { Description = "Output folder." };
        var cmd = new Command("linear", "Linear chi-network on Gaussian data with a linear teacher: NNGP, tree level (kernel rescaling u), large-N saddle, exact u-quadrature, chi-annealing.");
        var force = ForceOption();
        foreach (var o in new Option[] { width, chi, kappa, gv, gw, seed, json, outDir, force }) cmd.Options.Add(o);
        var oldN = cmd.AddWithOldSpellings(n, "--n");
        var oldDim = cmd.AddWithOldSpellings(dim, "--dim");
        var oldTest = cmd.AddWithOldSpellings(ntest, "--ntest");
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var started = DateTimeOffset.UtcNow; var clock = Stopwatch.StartNew();
            int nn = pr.Get(n, oldN), d = pr.Get(dim, oldDim), mt = pr.Get(ntest, oldTest);
            double wN = pr.GetValue(width);
            var p = new LinearChiParameters(wN, pr.GetValue(chi) ?? wN, pr.GetValue(gv), pr.GetValue(gw), pr.GetValue(kappa)).Validated();
            ResourceGuard.CheckMemory(8.0 * (4.0 * d * d + 6.0 * nn * nn + 2.0 * (nn + mt) * d) + 64e6, $"--P {nn}, --d {d}, --test-points {mt}");
            var runConfig = new { parameters = p, n = nn, d, ntest = mt, seed = pr.GetValue(seed) };
            PrepareOut(pr.GetValue(outDir), pr.GetValue(force), "adaptive linear", runConfig);
            var (x, y, xt, yt) = LinearTeacherData.Generate(nn, d, mt, pr.GetValue(seed));
            var net = LinearChiNetwork.Create(x, y, nn, d, p, xt);
            var nngp = net.Nngp(); var tree = net.TreeLevel(); var sad = net.Saddle(); var exact = net.Exact();
            var naive = net.NaiveIteration();
            var path = net.Anneal(1, p.Chi, 24);
            double TestMse(double[] f) => mt == 0 ? double.NaN : f.Zip(yt).Average(z => (z.First - z.Second) * (z.First - z.Second));
            double Dev(double[] a, double[] b) => a.Length == 0 ? double.NaN : a.Zip(b).Max(z => Math.Abs(z.First - z.Second));
            var sols = new CsvTable("method", "chi", "u", "train_mse", "test_mse", "max_test_dev_from_exact");
            foreach (var s in new[] { nngp, tree, sad, exact })
                sols.Add(s.Method, s.Chi, s.U, s.Discrepancy.Average(v => v * v), TestMse(s.TestMean), Dev(s.TestMean, exact.TestMean));
            var anneal = new CsvTable("chi", "u_tree");
            foreach (var s in path) anneal.Add(s.Chi, s.U);
            var cov = net.WeightCovariance(tree.U);
            var ev = new double[d]; LinearAlgebra.Provider.SymmetricEigen((double[])cov.Clone(), d, ev);
            var result = new
            {
                model = "linear-chi-network", parameters = p, n = nn, d, u_tree = tree.U, u_saddle = sad.U, u_exact_mean = exact.U,
                naive_iteration_u = naive.U, naive_converged = naive.Converged, annealed_u = path[^1].U,
                methods = new[] { nngp, tree, sad, exact }.Select(s => new { method = s.Method, s.U, train_mse = s.Discrepancy.Average(v => v * v), test_mse = TestMse(s.TestMean), max_test_dev_from_exact = Dev(s.TestMean, exact.TestMean) }).ToArray(),
                weight_covariance_top = ev[^1], weight_covariance_bulk = ev[0], gv_over_d = p.Gv / d,
            };
            string summary = FormattableString.Invariant(
                $"linear chi-network: N={p.Width} chi={p.Chi} kappa={p.Kappa} n={nn} d={d}\n  u: tree={tree.U:G8} saddle={sad.U:G8} exact E[u]={exact.U:G8} naive iteration={naive.U:G6} ({(naive.Converged ? "converged" : "not converged")}) annealed={path[^1].U:G8}\n  test MSE: NNGP={TestMse(nngp.TestMean):G5} tree={TestMse(tree.TestMean):G5} saddle={TestMse(sad.TestMean):G5} exact={TestMse(exact.TestMean):G5}\n  weight covariance: top={ev[^1]:G6} (u g_v/d={tree.U * p.Gv / d:G6}), bulk={ev[0]:G6} (g_v/d={p.Gv / d:G6})");
            Emit(result, pr.GetValue(json), pr.GetValue(outDir), "adaptive linear", runConfig,
                pr.GetValue(seed), started, clock, [("solutions.csv", sols), ("annealing.csv", anneal)], summary);
            return 0;
        }));
        return cmd;
    }
}
