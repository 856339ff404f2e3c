using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FeatureScale.Kernels;
using FeatureScale.Reporting;
using Spectre.Console;
using FeatureScale.Activations;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale kernel spectrum|eval|propagate|attention</c>: NNGP kernels of the FCN (Eq. 8), their dot-product
/// spectrum, the feature-propagation experiment of Figs. 5–6 and the attention-head kernel of Eq. 83.
/// </summary>
public static class KernelCommand
{
    public static Command Build()
    {
        var cmd = new Command("kernel", "Infinite-width (NNGP) kernels: spectrum, evaluation, feature propagation (Figs. 5-6), attention kernel (Eq. 83).");
        cmd.Subcommands.Add(BuildSpectrum());
        cmd.Subcommands.Add(BuildEval());
        cmd.Subcommands.Add(KernelPropagateCommand.Build());
        cmd.Subcommands.Add(KernelAttentionCommand.Build());
        return cmd;
    }

    internal static Option<string> ActOption() => new("--act") { Description = "Activation: erf, relu, linear, quadratic (1+x+x^2), square (x^2), tanh.", DefaultValueFactory = _ => "erf" };
    /// <summary>Deepest kernel accepted: the recursion is one Gaussian integral per layer, and beyond a few hundred
    /// layers every NNGP kernel has converged to its fixed point.</summary>
    internal const int MaxDepth = 1000;

    internal static Option<int> DepthOption() => new Option<int>("--depth") { Description = $"Number of weight layers L (2 = one hidden layer; at most {MaxDepth}).", DefaultValueFactory = _ => 2 }.Within(1, MaxDepth);
    internal static Option<string?> Sigma2Option() => new("--sigma2") { Description = "Prior variances sigma_l^2: one number for all layers or a comma list of L numbers (default 1)." };

    internal static NngpKernel MakeKernel(string act, int depth, string? sigma2)
    {
        if (depth < 1 || depth > MaxDepth) throw new ConfigException($"--depth must be in 1..{MaxDepth} (got {depth})");
        double[] s = sigma2 is null ? Enumerable.Repeat(1.0, depth).ToArray() : ParseList(sigma2, "--sigma2");
        if (s.Length == 0) throw new ConfigException("--sigma2 needs one number or a comma list of L numbers");
        foreach (var v in s) if (!(v > 0)) throw new ConfigException($"--sigma2 values are prior variances and must be positive (got {v})");
        if (s.Length == 1 && depth > 1) s = Enumerable.Repeat(s[0], depth).ToArray();
        if (s.Length != depth) throw new ConfigException($"--sigma2 has {s.Length} values but --depth is {depth}");
        return new NngpKernel(Activation.Parse(act), s);
    }

    internal static double[] ParseList(string text, string option)
    {
        double[] values;
        try { values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(); }
        catch (FormatException) { throw new ConfigException($"{option}: expected comma-separated numbers, got '{text}'"); }
        foreach (var v in values) if (!double.IsFinite(v)) throw new ConfigException($"{option}: values must be finite numbers (got '{text}')");
        return values;
    }

    /// <summary>JSON contract of <c>kernel spectrum --json</c>.</summary>
    public sealed record SpectrumReport(string Activation, int Depth, double[] Sigma2, int D, double KernelDiagonal,
        double[] HermiteCoefficients, IReadOnlyList<SpectrumDegree> Degrees, IReadOnlyList<TargetNorm> HermiteTargetNorms);

    /// <summary>RKHS norms of the unit-norm degree-m target: ⟨y,K,y⟩ and ⟨y,K⁻¹,y⟩.</summary>
    public sealed record TargetNorm(int M, double Quadratic, double Inverse);

    private static Command BuildSpectrum()
    {
        var act = ActOption(); var depth = DepthOption(); var sigma2 = Sigma2Option();
        var d = new Option<int>("--d") { Description = "Input dimension d.", DefaultValueFactory = _ => 100 }.Positive();
        var maxDegree = new Option<int>("--max-degree") { Description = "Highest degree n to list.", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"degrees\": [{\"n\", \"coefficient\", \"eigenvalue\", \"eigenvalue_leading\", \"multiplicity\"}], ...}." };
        var outDir = new Option<string?>("--out") { Description = "Also write spectrum.csv, spectrum.json and manifest.json into this folder." };
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        var cmd = new Command("spectrum",
            "Dot-product form K = sum_n a_n (x.x'/d)^n of the NNGP kernel for high-dimensional Gaussian inputs, the eigenvalue " +
            "of each degree n (inputs on the sphere |x|^2 = d) with its multiplicity, the activation's Hermite coefficients " +
            "and the RKHS norms of unit-norm degree-m Hermite targets.");
        foreach (var o in new Option[] { act, depth, sigma2, d, maxDegree, json, outDir, force }) cmd.Options.Add(o);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var started = DateTimeOffset.UtcNow; var clock = Stopwatch.StartNew();
            var kernel = MakeKernel(pr.GetValue(act)!, pr.GetValue(depth), pr.GetValue(sigma2));
            int dim = pr.GetValue(d), m = pr.GetValue(maxDegree);
            if (dim < 1) throw new ConfigException("--d must be ≥ 1");
            if (m < 0 || m > 60) throw new ConfigException("--max-degree must be in 0..60");
            var runConfig = new { act = kernel.Activation.Name, depth = kernel.Depth, sigma2 = kernel.Sigma2, d = dim, max_degree = m };
            if (pr.GetValue(outDir) is { } od) OutputFolder.Prepare(od, "--out", pr.GetValue(force), "kernel spectrum", runConfig);
            var spec = DotProductSpectrum.Compute(kernel, dim, m);
            var norms = spec.Where(s => s.N >= 1 && s.Eigenvalue > 0).Select(s => new TargetNorm(s.N, s.Eigenvalue, 1 / s.Eigenvalue)).ToList();
            var report = new SpectrumReport(kernel.Activation.Name, kernel.Depth, kernel.Sigma2, dim, kernel.OfOverlap(1),
                kernel.Activation.HermiteCoefficients(m, kernel.Sigma2[0]), spec, norms);
            var outPath = pr.GetValue(outDir);
            if (outPath is not null)
            {
                var csv = new CsvTable("n", "coefficient", "eigenvalue", "eigenvalue_leading", "multiplicity");
                foreach (var s in spec) csv.Add(s.N, s.Coefficient, s.Eigenvalue, s.EigenvalueLeading, s.Multiplicity);
                csv.Write(Path.Combine(outPath, "spectrum.csv"));
                Json.Write(Path.Combine(outPath, "spectrum.json"), report);
                Manifest.Create("kernel spectrum", runConfig,
                    null, started, clock.Elapsed.TotalSeconds).WriteTo(outPath);
            }
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(report)); return 0; }
            Console.WriteLine($"{kernel}, d = {dim}: K(x,x) = {Fmt(report.KernelDiagonal)}");
            var table = new Table().AddColumns("n", "a_n", "eigenvalue", "n! a_n / d^n", "multiplicity", "<y,K^-1,y>");
            foreach (var s in spec)
                table.AddRow(s.N.ToString(CultureInfo.InvariantCulture), Fmt(s.Coefficient), Fmt(s.Eigenvalue), Fmt(s.EigenvalueLeading),
                    s.Multiplicity.ToString("0.###E+0", CultureInfo.InvariantCulture), s.Eigenvalue > 0 && s.N > 0 ? Fmt(1 / s.Eigenvalue) : "-");
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }

    internal static string Fmt(double v) => v.ToString("0.######E+00", CultureInfo.InvariantCulture);

    /// <summary>JSON contract of <c>kernel eval --json</c>.</summary>
    public sealed record EvalReport(string Activation, int Depth, double[] Sigma2, string Input, int[] Shape, double[] Values);

    private static Command BuildEval()
    {
        var act = ActOption(); var depth = DepthOption(); var sigma2 = Sigma2Option();
        var t = new Option<string?>("--t") { Description = "Comma list of overlaps t = x.x'/d for inputs with |x|^2 = |x'|^2 = d (correlations of the input kernel)." };
        var inputs = new Option<string?>("--inputs") { Description = "CSV file, one input vector per row (a non-numeric header line is skipped): prints the Gram matrix." };
        var json = new Option<bool>("--json") { Description = "Print JSON {\"values\": [...], \"shape\": [...], ...} (Gram matrices row-major)." };
        var cmd = new Command("eval", "Evaluate the NNGP kernel for given overlaps (--t) or on the rows of a CSV file (--inputs).");
        foreach (var o in new Option[] { act, depth, sigma2, t, inputs, json }) cmd.Options.Add(o);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var kernel = MakeKernel(pr.GetValue(act)!, pr.GetValue(depth), pr.GetValue(sigma2));
            string? tText = pr.GetValue(t), file = pr.GetValue(inputs);
            if ((tText is null) == (file is null)) throw new ConfigException("give exactly one of --t or --inputs");
            EvalReport report;
            if (tText is not null)
            {
                var ts = ParseList(tText, "--t");
                foreach (var v in ts) if (Math.Abs(v) > 1) throw new ConfigException($"--t values are correlations and must lie in [-1, 1] (got {v})");
                report = new EvalReport(kernel.Activation.Name, kernel.Depth, kernel.Sigma2, "overlaps", [ts.Length], ts.Select(kernel.OfOverlap).ToArray());
            }
            else
            {
                var (x, n, dim) = ReadMatrix(file!);
                report = new EvalReport(kernel.Activation.Name, kernel.Depth, kernel.Sigma2, Path.GetFileName(file!), [n, n], kernel.Gram(x, n, dim));
            }
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(report)); return 0; }
            if (report.Shape.Length == 1)
            {
                var ts = ParseList(tText!, "--t");
                for (int i = 0; i < ts.Length; i++) Console.WriteLine(FormattableString.Invariant($"t = {ts[i],8:0.######}  K = {report.Values[i]:R}"));
            }
            else
            {
                int n = report.Shape[0];
                for (int i = 0; i < n; i++)
                    Console.WriteLine(string.Join(",", Enumerable.Range(0, n).Select(j => report.Values[i * n + j].ToString("R", CultureInfo.InvariantCulture))));
            }
            return 0;
        }));
        return cmd;
    }

    internal static (double[] X, int N, int D) ReadMatrix(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"--inputs: file not found: {path}");
        var rows = new List<double[]>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            var vals = new double[parts.Length];
            bool ok = true;
            for (int i = 0; i < parts.Length && ok; i++) ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out vals[i]);
            if (!ok) { if (rows.Count == 0) continue; throw new ConfigException($"--inputs {path}: non-numeric row after the header: '{line}'"); }
            if (vals.Any(v => !double.IsFinite(v))) throw new ConfigException($"--inputs {path}: row {rows.Count + 1} has a value that is not finite: '{line}'");
            if (rows.Count > 0 && vals.Length != rows[0].Length) throw new ConfigException($"--inputs {path}: rows differ in length (row {rows.Count + 1})");
            rows.Add(vals);
        }
        if (rows.Count == 0) throw new ConfigException($"--inputs {path}: no numeric rows");
        int d = rows[0].Length;
        return (rows.SelectMany(r => r).ToArray(), rows.Count, d);
    }
}
