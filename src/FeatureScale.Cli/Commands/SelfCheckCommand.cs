using System.CommandLine;
using System.Diagnostics;
using FeatureScale.Numerics;
using FeatureScale.Reporting;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale selfcheck</c>: a short numerical self-check of the foundation on this machine (erf against an
/// independent quadrature, OpenBLAS against the managed provider, Gauss–Hermite orthogonality, RNG moments),
/// written as CSV + manifest.
/// </summary>
public static class SelfCheckCommand
{
    public static Command Build()
    {
        var outOpt = new Option<string>("--out") { Description = "Folder for selfcheck.csv and manifest.json.", DefaultValueFactory = _ => "featurescale-results/selfcheck" };
        var cmd = new Command("selfcheck", "Check the numerics on this machine (erf, BLAS backend vs managed, quadrature, RNG) and write the results.");
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        cmd.Options.Add(outOpt);
        cmd.Options.Add(force);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            OutputFolder.Prepare(pr.GetValue(outOpt)!, "--out", pr.GetValue(force), "selfcheck", new { out_dir = pr.GetValue(outOpt) });
            return Run(pr.GetValue(outOpt)!);
        }));
        return cmd;
    }

    public static int Run(string outDir)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var table = new CsvTable("check", "value", "tolerance", "passed");
        bool allOk = true;
        void Check(string name, double value, double tol)
        {
            bool ok = value <= tol;
            allOk &= ok;
            table.Add(name, value, tol, ok);
            Console.WriteLine(FormattableString.Invariant($"  {(ok ? "ok  " : "FAIL")} {name,-52} {value:0.00E+00} (≤ {tol:0E+00})"));
        }
        var env = RunEnvironment.Current();
        Console.WriteLine($"FeatureScale {env.Version}: backend {env.Backend} ({env.OpenBlasCore}), element-wise {env.ElementwisePath}");

        // erf against ∫ (2/√π) e^{-t²} dt by adaptive quadrature (independent of the series/continued fraction).
        var xs = Enumerable.Range(0, 81).Select(i => -8 + 0.2 * i + 0.013).ToArray();
        var ys = new double[xs.Length];
        Elementwise.Erf(xs, ys);
        double worst = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i];
            double reference = Math.Abs(x) < 2
                ? Quadrature.Integrate(t => Elementwise.TwoOverSqrtPi * Math.Exp(-t * t), 0, x, 1e-17, 1e-15).Value
                : Math.Sign(x) * (1 - Quadrature.Integrate(t => Elementwise.TwoOverSqrtPi * Math.Exp(-t * t), Math.Abs(x), double.PositiveInfinity, 1e-30, 1e-14).Value);
            worst = Math.Max(worst, Math.Abs(ys[i] - reference) / Math.Abs(reference));
        }
        Check("erf relative error vs quadrature", worst, 1e-13);

        // Native vs managed GEMM and Cholesky on random inputs.
        var rng = RandomStream.For(7, 0, "selfcheck");
        int m = 37, n = 29, k = 41;
        var a = new double[m * k]; var b = new double[k * n]; rng.FillGaussian(a); rng.FillGaussian(b);
        var c1 = new double[m * n]; var c2 = new double[m * n];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.No, m, n, k, 1, a, k, b, n, 0, c1, n);
        new ManagedProvider().Gemm(Transpose.No, Transpose.No, m, n, k, 1, a, k, b, n, 0, c2, n);
        Check($"gemm {env.Backend} vs managed (max abs diff)", c1.Zip(c2, (p, q) => Math.Abs(p - q)).Max(), 1e-12);

        // Gauss–Hermite orthonormality of h_0..h_20 with 60 nodes.
        var rule = GaussHermite.Normal(60);
        double orth = 0;
        for (int p = 0; p <= 20; p++)
            for (int q = 0; q <= p; q++)
                orth = Math.Max(orth, Math.Abs(rule.Integrate(z => Hermite.Normalized(p, z) * Hermite.Normalized(q, z)) - (p == q ? 1 : 0)));
        Check("Gauss-Hermite orthonormality of h_0..h_20", orth, 1e-11);

        // Gaussian RNG: mean and variance of 10^6 draws within 5 standard errors.
        var g = new double[1_000_000];
        RandomStream.For(7, 0, "gauss").FillGaussian(g);
        double mean = g.Average(), variance = g.Select(v => (v - mean) * (v - mean)).Average();
        Check("RNG mean / standard error", Math.Abs(mean) / Math.Sqrt(1e-6), 5);
        Check("RNG (variance - 1) / standard error", Math.Abs(variance - 1) / Math.Sqrt(2e-6), 5);

        Directory.CreateDirectory(outDir);
        table.Write(Path.Combine(outDir, "selfcheck.csv"));
        Manifest.Create("selfcheck", new { out_dir = outDir }, 7, started, clock.Elapsed.TotalSeconds).WriteTo(outDir);
        Console.WriteLine($"{(allOk ? "all checks passed" : "SOME CHECKS FAILED")}; results in {Path.GetFullPath(outDir)}");
        return allOk ? 0 : 1;
    }
}
