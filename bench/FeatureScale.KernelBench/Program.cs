using System.Diagnostics;
using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Activations;

// Benchmark (issue 4): Gram matrix of the two-layer erf NNGP at P = 10^4, d = 100 (target < 3 s on 2 cores).
// Usage: dotnet run -c Release --project bench/FeatureScale.KernelBench [-- P d depth act repeats]
int p = args.Length > 0 ? int.Parse(args[0]) : 10_000;
int d = args.Length > 1 ? int.Parse(args[1]) : 100;
int depth = args.Length > 2 ? int.Parse(args[2]) : 2;
string act = args.Length > 3 ? args[3] : "erf";
int repeats = args.Length > 4 ? int.Parse(args[4]) : 3;

var x = new double[p * d];
RandomStream.For(1, 0, "kernel-bench").FillGaussian(x);
var kernel = new NngpKernel(Activation.Parse(act), depth);
var k = new double[(long)p * p];
Console.WriteLine($"backend {LinearAlgebra.Provider.Name} ({LinearAlgebra.Provider.CoreName}), threads {LinearAlgebra.Provider.Threads}, " +
                  $"cores {Environment.ProcessorCount}, Vector<double> lanes {System.Numerics.Vector<double>.Count}");
kernel.Gram(x.AsSpan(0, 200 * d), 200, d, k.AsSpan(0, 200 * 200)); // warm-up (JIT)
var times = new List<double>();
for (int r = 0; r < repeats; r++)
{
    var clock = Stopwatch.StartNew();
    kernel.Gram(x, p, d, k);
    times.Add(clock.Elapsed.TotalSeconds);
}
// Split: dot products alone.
var dots = Stopwatch.StartNew();
LinearAlgebra.Provider.Syrk(Transpose.No, p, d, 1.0 / d, x, d, 0, k, p);
double syrk = dots.Elapsed.TotalSeconds;
double best = times.Min();
string runs = string.Join(", ", times.Select(t => t.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)));
Console.WriteLine(FormattableString.Invariant(
    $"{kernel}: P={p} d={d}: best {best:0.000} s (runs: {runs}); {(double)p * p / best:0.00E+00} entries/s; SYRK alone {syrk:0.000} s"));
