// Attention-head Langevin step at the paper's size (H=2, d=16, L=180, P=500) against the PyTorch peer
// bench/torch_attention.py (same model, same update), in one run so the ratio is measured under the same load.
// Usage: dotnet run -c Release --project bench/FeatureScale.AttentionBench -- [--threads 2] [--steps 20] [--dtype float64|float32|both] [--no-torch]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Experiments;

var opts = new Dictionary<string, string?>();
for (int i = 0; i < args.Length; i++)
    if (args[i].StartsWith("--")) opts[args[i]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : null;
int Int(string k, int def) => opts.TryGetValue(k, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : def;
int threads = Int("--threads", 2), steps = Int("--steps", 20), p = Int("--P", 500), d = Int("--d", 16), len = Int("--L", 180), heads = Int("--H", 2);
string dtype = opts.GetValueOrDefault("--dtype") ?? "both";
bool torch = !opts.ContainsKey("--no-torch");

Console.WriteLine($"attention Langevin step: H={heads} d={d} L={len} P={p}, threads={threads}, BLAS {LinearAlgebra.Provider.Name}");
Console.WriteLine("wall = wall-clock ms per step; cpu = process CPU ms per step (all threads; robust to other load on the machine)");
foreach (var dt in dtype == "both" ? new[] { "float64", "float32" } : new[] { dtype })
{
    var (ours, oursCpu) = dt == "float64" ? Measure<double>() : Measure<float>();
    var peer = torch ? Torch(dt) : null;
    string tail = peer is { } t ? FormattableString.Invariant($"; PyTorch wall {t.Wall:0.0} cpu {t.Cpu:0.0} ms/step; ratio wall {t.Wall / ours:0.0}x, cpu {t.Cpu / oursCpu:0.0}x") : "";
    Console.WriteLine(FormattableString.Invariant($"{dt}: FeatureScale wall {ours:0.0} cpu {oursCpu:0.0} ms/step") + tail);
}

(double Wall, double Cpu) Measure<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    var arch = new AttentionArchitecture(d, len, heads);
    var (x, y) = AttentionData.Draw(p, len, d, RandomStream.For(0, 0, "bench-data"));
    var xt = x.Select(T.CreateTruncating).ToArray(); var yt = y.Select(T.CreateTruncating).ToArray();
    var model = ArchModels.BlockedAttention(arch, xt, yt, p, threads);
    var sampler = new LangevinSampler<T>(model, 1e-4, 0.1);
    var theta = new T[model.ParameterCount];
    var init = new double[model.ParameterCount];
    LangevinSampler<double>.DrawPrior(new AttentionHead<double>(arch, x, y, 1), init, RandomStream.For(0, 0, "init"));
    for (int i = 0; i < init.Length; i++) theta[i] = T.CreateTruncating(init[i]);
    var noise = RandomStream.For(0, 0, "noise");
    var prev = LinearAlgebra.Provider.Threads;
    LinearAlgebra.Provider.SetThreads(1);
    for (int i = 0; i < 3; i++) sampler.Step(theta, noise);
    var proc = Process.GetCurrentProcess();
    var cpu0 = proc.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++) sampler.Step(theta, noise);
    double wall = sw.Elapsed.TotalMilliseconds / steps;
    proc.Refresh();
    double cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / steps;
    LinearAlgebra.Provider.SetThreads(prev);
    return (wall, cpu);
}

(double Wall, double Cpu)? Torch(string dt)
{
    string script = Path.Combine(FindRoot(), "bench", "torch_attention.py");
    var psi = new ProcessStartInfo("/usr/bin/python3", $"{script} --P {p} --d {d} --L {len} --H {heads} --threads {threads} --dtype {dt} --steps {Math.Max(3, steps / 4)}")
    { RedirectStandardOutput = true, RedirectStandardError = true };
    try
    {
        using var proc = Process.Start(psi)!;
        string output = proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (proc.ExitCode != 0 || line is null) { Console.Error.WriteLine($"torch peer failed: {proc.StandardError.ReadToEnd().Trim()}"); return null; }
        var root = JsonDocument.Parse(line).RootElement;
        return (root.GetProperty("ms_per_step").GetDouble(), root.GetProperty("cpu_ms_per_step").GetDouble());
    }
    catch (Exception e) { Console.Error.WriteLine($"torch peer not run: {e.Message}"); return null; }
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FeatureScale.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
