using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureScale.Numerics;
using FeatureScale.Reporting;

namespace FeatureScale.Bench;

/// <summary>
/// FeatureScale's micro-benchmarks. One JSON object per measurement on stdout (human notes on stderr):
///   dgemm/sgemm GFLOP/s at m = 4000, n = 100, k = 1000 (C[m×n] = A[m×k]·B[k×n], row-major, no transposes;
///   2·m·n·k flops) on OpenBLAS and on the managed provider with 1 and 2 threads, NumPy's `a @ b` on the same
///   shapes and the same OPENBLAS_CORETYPE (bench/numpy_gemm.py run through /usr/bin/python3) and the ratio;
///   erf throughput of Elementwise.Erf (double, float) against MathNet's scalar SpecialFunctions.Erf;
///   Gaussian fill rate of RandomStream.FillGaussian.
/// Timing: Stopwatch, warm-up runs first, then repeats; "best" is the fastest repeat, "median" the median.
/// Usage: FeatureScale.Bench [--numpy PATH_TO_SCRIPT] [--python /usr/bin/python3] [--quick]
/// </summary>
public static class Program
{
    private const int M = 4000, N = 100, K = 1000;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        string? numpyScript = Arg(args, "--numpy") ?? FindUp("bench/numpy_gemm.py");
        string python = Arg(args, "--python") ?? "/usr/bin/python3";
        bool quick = args.Contains("--quick");
        var total = Stopwatch.StartNew();

        var env = RunEnvironment.Current();
        Emit(new JsonObject
        {
            ["bench"] = "environment", ["version"] = env.Version, ["git_commit"] = env.GitCommit, ["backend"] = env.Backend,
            ["openblas_core"] = env.OpenBlasCore, ["coretype_set_by_featurescale"] = env.CoreTypeSetByFeatureScale,
            ["openblas_coretype_env"] = Environment.GetEnvironmentVariable(CpuKernels.CoreTypeVariable),
            ["processors"] = env.ProcessorCount, ["simd"] = env.Simd, ["elementwise_path"] = env.ElementwisePath,
            ["cpu"] = CpuModel(), ["runtime"] = env.Runtime,
        });

        // Single-threaded kernels first: OpenBLAS worker threads keep spinning for a while after a GEMM and would
        // compete with them for the cores.
        BenchErf(quick);
        BenchGaussian(quick);
        var gemm = BenchGemm(quick);
        if (numpyScript is not null && File.Exists(numpyScript) && File.Exists(python))
            CompareWithNumPy(gemm, python, numpyScript, quick);
        else
            Console.Error.WriteLine($"[bench] NumPy comparison skipped: {python} or {numpyScript ?? "bench/numpy_gemm.py"} not found");
        Console.Error.WriteLine($"[bench] done in {total.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    // ------------------------------------------------------------------ GEMM

    private sealed record GemmResult(string Precision, string Backend, string Core, int Threads, double Best, double Median);

    private static List<GemmResult> BenchGemm(bool quick)
    {
        var results = new List<GemmResult>();
        var rng = RandomStream.For(1, 0, "bench-gemm");
        var a = new double[M * K]; var b = new double[K * N]; var c = new double[M * N];
        rng.FillGaussian(a); rng.FillGaussian(b);
        var af = a.Select(v => (float)v).ToArray(); var bf = b.Select(v => (float)v).ToArray(); var cf = new float[M * N];
        var providers = new List<ILinearAlgebra> { LinearAlgebra.Provider };
        if (LinearAlgebra.Provider.Name != "managed") providers.Add(new ManagedProvider());
        double flops = 2.0 * M * N * K;
        foreach (var p in providers)
        {
            int saved = p.Threads;
            bool managed = p.Name == "managed";
            int reps = managed ? (quick ? 2 : 3) : (quick ? 7 : 25);
            foreach (int threads in new[] { 1, 2 })
            {
                p.SetThreads(threads);
                foreach (var precision in new[] { "dgemm", "sgemm" })
                {
                    Action run = precision == "dgemm"
                        ? () => p.Gemm(Transpose.No, Transpose.No, M, N, K, 1.0, a, K, b, N, 0.0, c, N)
                        : () => p.Gemm(Transpose.No, Transpose.No, M, N, K, 1f, af, K, bf, N, 0f, cf, N);
                    var (best, median) = Time(run, managed ? 1 : 3, reps);
                    var r = new GemmResult(precision, p.Name, p.CoreName, threads, flops / best / 1e9, flops / median / 1e9);
                    results.Add(r);
                    Emit(new JsonObject
                    {
                        ["bench"] = precision, ["m"] = M, ["n"] = N, ["k"] = K, ["backend"] = p.Name, ["core"] = p.CoreName,
                        ["threads"] = threads, ["reps"] = reps, ["gflops"] = Round(r.Best), ["gflops_median"] = Round(r.Median),
                    });
                }
            }
            p.SetThreads(saved);
        }
        return results;
    }

    /// <summary>
    /// FeatureScale against NumPy's `a @ b` (same shapes, same OPENBLAS_CORETYPE, same thread count), in alternating
    /// rounds (NumPy, then FeatureScale, three times) so that load from other processes hits both alike; the best
    /// GFLOP/s of each over all rounds is compared.
    /// </summary>
    private static void CompareWithNumPy(List<GemmResult> gemm, string python, string script, bool quick)
    {
        string? core = Environment.GetEnvironmentVariable(CpuKernels.CoreTypeVariable);
        var p = LinearAlgebra.Provider;
        if (p.Name == "managed") { Console.Error.WriteLine("[bench] NumPy comparison skipped: FeatureScale runs on the managed backend"); return; }
        int saved = p.Threads, reps = quick ? 5 : 15, rounds = quick ? 1 : 3;
        var rng = RandomStream.For(1, 0, "bench-gemm");
        var a = new double[M * K]; var b = new double[K * N]; var c = new double[M * N];
        rng.FillGaussian(a); rng.FillGaussian(b);
        var af = a.Select(v => (float)v).ToArray(); var bf = b.Select(v => (float)v).ToArray(); var cf = new float[M * N];
        double flops = 2.0 * M * N * K;
        foreach (int threads in new[] { 1, 2 })
        {
            var npBest = new Dictionary<string, JsonObject>();
            var fsBest = new Dictionary<string, double>();
            for (int round = 0; round < rounds; round++)
            {
                foreach (var np in RunNumPy(python, script, core, threads, reps))
                {
                    string precision = (string)np["dtype"]! == "float64" ? "dgemm" : "sgemm";
                    if (!npBest.TryGetValue(precision, out var prev) || (double)np["gflops_best"]! > (double)prev["gflops_best"]!) npBest[precision] = np;
                }
                p.SetThreads(threads);
                var (d, _) = Time(() => p.Gemm(Transpose.No, Transpose.No, M, N, K, 1.0, a, K, b, N, 0.0, c, N), 2, reps);
                var (f, _) = Time(() => p.Gemm(Transpose.No, Transpose.No, M, N, K, 1f, af, K, bf, N, 0f, cf, N), 2, reps);
                fsBest["dgemm"] = Math.Max(fsBest.GetValueOrDefault("dgemm"), flops / d / 1e9);
                fsBest["sgemm"] = Math.Max(fsBest.GetValueOrDefault("sgemm"), flops / f / 1e9);
                p.SetThreads(saved);
            }
            foreach (var precision in new[] { "dgemm", "sgemm" })
            {
                if (!npBest.TryGetValue(precision, out var np)) continue;
                Emit(np);
                double numpy = (double)np["gflops_best"]!, ours = fsBest[precision];
                Emit(new JsonObject
                {
                    ["bench"] = precision + "_vs_numpy", ["m"] = M, ["n"] = N, ["k"] = K, ["threads"] = threads, ["rounds"] = rounds,
                    ["featurescale_core"] = p.CoreName, ["numpy_core"] = (string?)np["openblas_core"],
                    ["featurescale_gflops"] = Round(ours), ["numpy_gflops"] = Round(numpy), ["ratio"] = Round(ours / numpy, 3),
                });
            }
        }
        _ = gemm;
    }

    private static List<JsonObject> RunNumPy(string python, string script, string? core, int threads, int reps)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var (k, v) in new[] { ("--m", M), ("--n", N), ("--k", K), ("--reps", reps) }) { psi.ArgumentList.Add(k); psi.ArgumentList.Add(v.ToString(CultureInfo.InvariantCulture)); }
        if (!string.IsNullOrEmpty(core)) psi.Environment[CpuKernels.CoreTypeVariable] = core;
        psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using var proc = Process.Start(psi)!;
        var stderr = proc.StandardError.ReadToEndAsync();
        var results = new List<JsonObject>();
        string? line;
        while ((line = proc.StandardOutput.ReadLine()) is not null)
            if (line.Length > 0) results.Add(JsonNode.Parse(line)!.AsObject());
        proc.WaitForExit();
        if (proc.ExitCode != 0) Console.Error.WriteLine($"[bench] numpy_gemm.py failed: {stderr.Result}");
        return results;
    }

    // ------------------------------------------------------------------ erf

    private static void BenchErf(bool quick)
    {
        const int len = 1 << 16;
        int reps = quick ? 8 : 30;
        foreach (var (dist, fill) in new (string, Action<RandomStream, double[]>)[]
                 {
                     ("normal(0,1)", (r, x) => r.FillGaussian(x)),
                     ("uniform(-2,2)", (r, x) => { r.FillUniform(x); for (int i = 0; i < x.Length; i++) x[i] = 4 * x[i] - 2; }),
                     ("uniform(-5,5)", (r, x) => { r.FillUniform(x); for (int i = 0; i < x.Length; i++) x[i] = 10 * x[i] - 5; }),
                 })
        {
            var x = new double[len]; var yBig = new double[len + 512]; var dy = new double[len];
            var y = yBig.AsMemory(0, len);
            fill(RandomStream.For(2, 0, "bench-erf-" + dist), x);
            var xf = x.Select(v => (float)v).ToArray(); var yf = new float[len];
            // The contenders alternate within each repeat (best of the repeats), so that load from other processes
            // hits them alike. 65536 random values: too many for the branch predictor to learn MathNet's range branches.
            // The vector kernel's speed depends on where y lies relative to x (up to ~1.9× here, probably 4K aliasing
            // between the loads of x and the stores to y): it is timed with y at eight offsets (0 … 448 doubles) and
            // the median, slowest and fastest reported.
            var offsets = Enumerable.Range(0, 8).Select(o => 64 * o).ToArray();
            var actions = new List<Action>
            {
                () => { var ys = y.Span; for (int i = 0; i < len; i++) ys[i] = MathNet.Numerics.SpecialFunctions.Erf(x[i]); },
                () => { var ys = y.Span; for (int i = 0; i < len; i++) ys[i] = Elementwise.ErfScalar(x[i]); },
                () => Elementwise.Erf(xf, yf),
                () => Elementwise.ErfWithDerivative(x, y.Span, dy),
            };
            foreach (int o in offsets) actions.Add(() => Elementwise.Erf(x, yBig.AsSpan(o, len)));
            var best = Interleaved(reps, [.. actions]);
            var (mathnet, scalar, vecF, both) = (best[0], best[1], best[2], best[3]);
            var byOffset = best.Skip(4).Order().ToArray();
            double vec = byOffset[byOffset.Length / 2];
            double rate(double seconds) => len / seconds;
            Emit(new JsonObject
            {
                ["bench"] = "erf", ["distribution"] = dist, ["length"] = len, ["path"] = Elementwise.ActivePath,
                ["featurescale_double_values_per_s"] = Round(rate(vec), 0),
                ["featurescale_double_slowest_offset_values_per_s"] = Round(rate(byOffset[^1]), 0),
                ["featurescale_double_fastest_offset_values_per_s"] = Round(rate(byOffset[0]), 0),
                ["featurescale_float_values_per_s"] = Round(rate(vecF), 0),
                ["featurescale_erf_and_derivative_values_per_s"] = Round(rate(both), 0),
                ["featurescale_scalar_values_per_s"] = Round(rate(scalar), 0),
                ["mathnet_scalar_values_per_s"] = Round(rate(mathnet), 0),
                ["ratio_double_vs_mathnet"] = Round(mathnet / vec, 2), ["ratio_float_vs_mathnet"] = Round(mathnet / vecF, 2),
            });
        }
    }

    // ------------------------------------------------------------------ Gaussian fill

    private static void BenchGaussian(bool quick)
    {
        const int len = 1 << 20;
        var x = new double[len]; var xf = new float[len];
        var rng = RandomStream.For(3, 0, "bench-gauss");
        int reps = quick ? 3 : 11;
        var (d, _) = Time(() => rng.FillGaussian(x), 1, reps);
        var (f, _) = Time(() => rng.FillGaussian(xf), 1, reps);
        var (u, _) = Time(() => rng.FillUniform(x), 1, reps);
        var (one, _) = Time(() => { for (int i = 0; i < len; i++) x[i] = rng.NextGaussian(); }, 1, reps);
        Emit(new JsonObject
        {
            ["bench"] = "gaussian_fill", ["length"] = len,
            ["double_values_per_s"] = Round(len / d, 0), ["float_values_per_s"] = Round(len / f, 0),
            ["uniform_double_values_per_s"] = Round(len / u, 0), ["next_gaussian_values_per_s"] = Round(len / one, 0),
        });
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Runs warm-up calls, then times each repeat; returns (best, median) seconds.</summary>
    private static (double Best, double Median) Time(Action run, int warmup, int reps)
    {
        for (int i = 0; i < warmup; i++) run();
        var t = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            t[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(t);
        return (t[0], t[reps / 2]);
    }

    /// <summary>Runs each action once per round (after one warm-up round); returns each one's best time in seconds.</summary>
    private static double[] Interleaved(int rounds, params Action[] actions)
    {
        var best = Enumerable.Repeat(double.PositiveInfinity, actions.Length).ToArray();
        foreach (var a in actions) a();
        for (int r = 0; r < rounds; r++)
            for (int j = 0; j < actions.Length; j++)
            {
                long start = Stopwatch.GetTimestamp();
                actions[j]();
                best[j] = Math.Min(best[j], Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        return best;
    }

    private static void Emit(JsonObject o) => Console.WriteLine(o.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    private static double Round(double v, int digits = 2) => Math.Round(v, digits);

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException) { return "unknown"; }
    }
}
