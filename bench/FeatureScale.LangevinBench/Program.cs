using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Experiments;
using FeatureScale.Activations;

// Langevin throughput benchmark against the NumPy and PyTorch peers (shared/peers/*.py), in one run.
const string Usage = """
    Usage: dotnet run -c Release --project bench/FeatureScale.LangevinBench -- [options]
      (default)      ms/step of fcn2/fcn3 and ensemble chain-steps/s, against shared/peers/numpy_langevin.py and
                     torch_langevin.py  [--threads 2] [--steps 100] [--no-peers] [--quick]
      --ess          ESS of A_f and of the layer-1 specialised count per CPU-second at (a) d=N=40, P=1600 and
                     (b) d=N=24, P=336 (4 chains, κ=1), for each sampler and for the NumPy ULA peer
                     bench/peers/numpy_ula_ess.py (same posterior; needs python3 with numpy and scipy, else
                     "peer absent"), with our ESS/CPU-s over the peer's  [--ess-steps 3000] [--samplers ula,baoab,...]
                     [--ess-peer-data ours|numpy]: the peer gets our training/test sets (default) or draws its own
                     [--ess-points a,b]
      --cpu          CPU ms/step on one thread, ours and the peers'
      --gemm         GEMM and erf efficiency of a two-layer step
      --ensemble-only
    Output: one JSON object per line on stdout ({"bench": ..., fields}); readable notes on stderr.
    """;
var opts = Args.Parse(args);
if (opts.Has("--help")) { Console.Error.WriteLine(Usage); return 0; }
static void Note(string line) => Console.Error.WriteLine(line);
static void Emit(JsonObject o) => Console.WriteLine(o.ToJsonString());
int threads = opts.Int("--threads", 2);
int steps = opts.Int("--steps", 100);
bool quick = opts.Has("--quick");
var la = LinearAlgebra.Provider;
string core = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)";
Note($"FeatureScale Langevin bench: backend {la.Name} ({la.CoreName}), OPENBLAS_CORETYPE={core}, element-wise {Elementwise.ActivePath}, {threads} threads, {Environment.ProcessorCount} cores");
string load = "";
try { load = File.ReadAllText("/proc/loadavg").Trim(); Note($"load average: {load}"); } catch (IOException) { }
Emit(new JsonObject { ["bench"] = "environment", ["version"] = FeatureScale.LibraryInfo.Version, ["backend"] = la.Name, ["openblas_core"] = la.CoreName,
    ["openblas_coretype"] = core, ["elementwise"] = Elementwise.ActivePath, ["threads"] = threads, ["cores"] = Environment.ProcessorCount, ["loadavg"] = load });

var rows = new List<(string Name, double Ms, string Note)>();

double SingleChain<T>(string name, int p, int d, int[] widths, int nSteps) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    var arch = new FcnArchitecture(d, widths, Activation.Erf, Enumerable.Repeat(1.0, widths.Length + 1).ToArray());
    var teacher = Teacher.Random("h3", d, RandomStream.For(0, 0, "teacher"));
    var data = Dataset.Draw(new GaussianInputs(d), teacher, p, RandomStream.For(0, 0, "train"));
    la.SetThreads(1);
    var model = Training.BlockedModel<T>(arch, data, p, threads);
    var sampler = new LangevinSampler<T>(model, 1e-5, 1e-2) { UpdateThreads = threads };
    var theta = new T[model.ParameterCount];
    var init = new double[theta.Length];
    RandomStream.For(0, 0, "init").FillGaussian(init, 0, 1.0 / Math.Sqrt(d));
    for (int i = 0; i < theta.Length; i++) theta[i] = T.CreateTruncating(init[i]);
    var noise = RandomStream.For(0, 0, "noise");
    // Warm-up until the JIT has promoted the hot paths (tiered compilation: ≥ 30 calls and a background delay).
    var warm = Stopwatch.StartNew();
    for (int i = 0; i < 40 || warm.Elapsed.TotalSeconds < 1.5; i++) sampler.Step(theta, noise);
    var perStep = new double[nSteps];
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < nSteps; i++) { long t0 = Stopwatch.GetTimestamp(); sampler.Step(theta, noise); perStep[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds; }
    double meanMs = sw.Elapsed.TotalMilliseconds / nSteps;
    Array.Sort(perStep);
    double ms = perStep[nSteps / 2]; // median: robust to other jobs on the machine
    // Profile: one part (a row block) single-threaded, GEMM vs element-wise; noise + update separately.
    var part = new FullyConnectedNetwork<T>(arch, data.XAs<T>(), data.YAs<T>(), p) { Profile = new FcnProfile() };
    var g = new T[theta.Length];
    part.LossAndGradient(theta, g);
    part.Profile.Reset();
    var sw2 = Stopwatch.StartNew();
    int k = Math.Max(5, nSteps / 4);
    for (int i = 0; i < k; i++) part.LossAndGradient(theta, g);
    double modelMs = sw2.Elapsed.TotalMilliseconds / k;
    double gemm = part.Profile.GemmSeconds * 1000 / k, elem = part.Profile.ElementwiseSeconds * 1000 / k;
    var xi = new T[theta.Length];
    var sw3 = Stopwatch.StartNew();
    for (int i = 0; i < k; i++) Blas.FillGaussian(noise, xi, 1.0);
    double noiseMs = sw3.Elapsed.TotalMilliseconds / k;
    string note = FormattableString.Invariant($"1-thread profile per step: GEMM {gemm:0.00} ms, element-wise {elem:0.00} ms, other {modelMs - gemm - elem:0.00} ms, noise {noiseMs:0.00} ms");
    Note(FormattableString.Invariant($"{name,-34} {ms,8:0.00} ms/step median ({meanMs:0.00} mean)   ({note})"));
    rows.Add((name, ms, note));
    Emit(new JsonObject { ["bench"] = "langevin_step", ["name"] = name, ["P"] = p, ["d"] = d, ["widths"] = new JsonArray(widths.Select(w => (JsonNode)w).ToArray()),
        ["dtype"] = typeof(T) == typeof(float) ? "float32" : "float64", ["threads"] = threads, ["ms_per_step"] = ms, ["ms_per_step_mean"] = meanMs,
        ["cpu_ms_gemm_1thread"] = gemm, ["cpu_ms_elementwise_1thread"] = elem, ["ms_noise"] = noiseMs });
    return meanMs; // ratios and targets use the mean, as the peers report theirs
}

double Ensemble(int d, int n, int p, int chains, int nSteps)
{
    var arch = new FcnArchitecture(d, [n], Activation.Erf, [1.0, 1.0]);
    var teacher = Teacher.Random("h3", d, RandomStream.For(0, 0, "teacher"));
    var data = Dataset.Draw(new GaussianInputs(d), teacher, p, RandomStream.For(0, 0, "train"));
    la.SetThreads(1);
    var models = Enumerable.Range(0, chains).Select(_ => Training.BlockedModel<double>(arch, data, p, 1)).ToArray();
    var samplers = models.Select(m => new LangevinSampler<double>(m, 2.8e-5, 1.0)).ToArray();
    var thetas = models.Select((m, c) => { var t = new double[m.ParameterCount]; LangevinSampler<double>.DrawPrior(m, t, RandomStream.For(0, (uint)c, "init")); return t; }).ToArray();
    var noises = Enumerable.Range(0, chains).Select(c => RandomStream.For(0, (uint)c, "noise")).ToArray();
    void Go(int s) => Parallel.For(0, chains, new ParallelOptions { MaxDegreeOfParallelism = threads }, c => { for (int i = 0; i < s; i++) samplers[c].Step(thetas[c], noises[c]); });
    Go(50);
    var sw = Stopwatch.StartNew();
    Go(nSteps);
    double rate = chains * (double)nSteps / sw.Elapsed.TotalSeconds;
    Emit(new JsonObject { ["bench"] = "ensemble", ["d"] = d, ["N"] = n, ["P"] = p, ["chains"] = chains, ["threads"] = threads, ["chain_steps_per_s"] = rate,
        ["row_blocks"] = RowBlockedModel<double>.BlockCount(p, arch.ParameterCount) });
    Note(FormattableString.Invariant($"ensemble d={d} N={n} P={p} x{chains} chains   {rate,8:0} chain-steps/s"));
    return rate;
}

if (opts.Has("--gemm"))
{
    // GEMM efficiency of the two products of a two-layer step (P=2000, d=100, N=500), whole batch vs 12 row blocks,
    // in GFLOP per CPU-second on one thread.
    la.SetThreads(1);
    int P = 2000, D = 100, N = 500, reps = 40;
    var rng = RandomStream.For(1, 0, "gemm");
    var X = new double[P * D]; var W = new double[N * D]; var H = new double[P * N]; var G = new double[N * D];
    rng.FillGaussian(X); rng.FillGaussian(W); rng.FillGaussian(H);
    double Cpu(Action a)
    {
        a();
        var pr = Process.GetCurrentProcess(); var c0 = pr.TotalProcessorTime;
        for (int i = 0; i < reps; i++) a();
        pr.Refresh();
        return (pr.TotalProcessorTime - c0).TotalSeconds / reps;
    }
    double flops = 2.0 * P * N * D;
    var blocks = RowBlockedModel<double>.Ranges(P);
    double fwd = Cpu(() => la.Gemm(Transpose.No, Transpose.Yes, P, N, D, 1, X, D, W, D, 0, H, N));
    double fwdB = Cpu(() => { foreach (var (s0, c) in blocks) la.Gemm(Transpose.No, Transpose.Yes, c, N, D, 1, X.AsSpan(s0 * D), D, W, D, 0, H.AsSpan(s0 * N), N); });
    double bwd = Cpu(() => la.Gemm(Transpose.Yes, Transpose.No, N, D, P, 1, H, N, X, D, 0, G, D));
    double bwdB = Cpu(() => { foreach (var (s0, c) in blocks) la.Gemm(Transpose.Yes, Transpose.No, N, D, c, 1, H.AsSpan(s0 * N), N, X.AsSpan(s0 * D), D, 0, G, D); });
    var E = new double[P * N]; var dE = new double[P * N];
    double erf = Cpu(() => Elementwise.ErfWithDerivative(H, E, dE));
    var Hf = H.Select(v => (float)v).ToArray(); var Ef = new float[P * N]; var dEf = new float[P * N];
    double erff = Cpu(() => ErfSingle.Apply(Hf, Ef, dEf));
    Note(FormattableString.Invariant($"GEMM GFLOP per CPU-s: forward whole {flops / fwd / 1e9:0.0}, 12 blocks {flops / fwdB / 1e9:0.0}; backward whole {flops / bwd / 1e9:0.0}, 12 blocks {flops / bwdB / 1e9:0.0}"));
    Note(FormattableString.Invariant($"erf+erf' on P×N = 1e6 (CPU): float64 foundation kernel {erf * 1e3:0.00} ms ({erf / 1e6 * 1e9:0.0} ns/element), float32 (ErfSingle) {erff * 1e3:0.00} ms; GEMMs of a step ≈ {(fwdB + bwdB) * 1e3:0.00} CPU-ms"));
    return 0;
}
if (opts.Has("--ess"))
{
    EssPerCpuSecond();
    return 0;
}
if (opts.Has("--cpu"))
{
    CpuComparison();
    return 0;
}
if (opts.Has("--ensemble-only"))
{
    Ensemble(40, 40, 1600, 2 * threads * 4, quick ? 500 : 2000);
    ProfileSmall();
    return 0;
}
var fcn2 = SingleChain<double>("fcn2 P=2000 d=100 N=500 float64", 2000, 100, [500], steps);
var fcn2f = SingleChain<float>("fcn2 P=2000 d=100 N=500 float32", 2000, 100, [500], steps);
var fcn3 = SingleChain<double>("fcn3 P=2000 d=100 N=500,500 float64", 2000, 100, [500, 500], quick ? steps / 2 : steps);
var ens = Ensemble(40, 40, 1600, 2 * threads * 4, quick ? 500 : 2000);
ProfileSmall();

if (!opts.Has("--no-peers"))
{
    string? peers = FindPeers();
    if (peers is null) { Note("peers not found (looked for shared/peers above the working directory)"); return 0; }
    JsonNode? Peer(string script, string extra)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", $"{Path.Combine(peers, script)} --P 2000 --d 100 --N 500 --steps {(quick ? 20 : 50)} --warmup 5 {extra}")
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["OPENBLAS_CORETYPE"] = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "";
        psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using var proc = Process.Start(psi)!;
        string output = proc.StandardOutput.ReadToEnd();
        string err = proc.StandardError.ReadToEnd();
        proc.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (proc.ExitCode != 0 || line is null)
        {
            // the last line of a traceback says why; a missing module (e.g. no torch) is an absent peer, not a crash
            string last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                ?? $"exit code {proc.ExitCode}";
            string status = err.Contains("No module named", StringComparison.Ordinal) ? "peer absent" : "peer failed";
            Note($"{script} {extra}: {status} ({last})");
            Emit(new JsonObject { ["bench"] = "peer", ["script"] = script, ["args"] = extra, ["status"] = status,
                ["error"] = last });
            return null;
        }
        Note($"{script} {extra}: {line}");
        var parsed = JsonNode.Parse(line)!.AsObject();
        var copy = JsonNode.Parse(line)!.AsObject();
        copy["bench"] = "peer"; copy["script"] = script;
        Emit(copy);
        return parsed;
    }
    void Ratio(string what, double ours, JsonNode? peer)
    {
        if (peer is null) return;
        double theirs = (double)peer["ms_per_step"]!;
        Note(FormattableString.Invariant($"  ratio {what,-40} {theirs / ours,6:0.0}x  ({theirs:0.00} ms vs {ours:0.00} ms)"));
        Emit(new JsonObject { ["bench"] = "ratio", ["what"] = what, ["featurescale_ms"] = ours, ["peer_ms"] = theirs, ["ratio"] = theirs / ours });
    }
    var np64 = Peer("numpy_langevin.py", "--dtype float64");
    var np32 = Peer("numpy_langevin.py", "--dtype float32");
    var t64 = Peer("torch_langevin.py", $"--dtype float64 --threads {threads}");
    var t32 = Peer("torch_langevin.py", $"--dtype float32 --threads {threads}");
    var t3 = Peer("torch_langevin.py", $"--arch fcn3 --N2 500 --dtype float64 --threads {threads}");
    Note("speed-up of FeatureScale over the peers (same run):");
    Ratio("fcn2 float64 vs NumPy", fcn2, np64);
    Ratio("fcn2 float64 vs PyTorch", fcn2, t64);
    Ratio("fcn2 float32 vs NumPy", fcn2f, np32);
    Ratio("fcn2 float32 vs PyTorch", fcn2f, t32);
    Ratio("fcn3 float64 vs PyTorch", fcn3, t3);
}
Note(FormattableString.Invariant($"targets: fcn2 float64 <= 6 ms/step (got {fcn2:0.00}), ensemble >= 2000 chain-steps/s (got {ens:0})"));
Emit(new JsonObject { ["bench"] = "targets", ["fcn2_float64_ms"] = fcn2, ["fcn2_float64_target_ms"] = 6.0, ["ensemble_chain_steps_per_s"] = ens, ["ensemble_target"] = 2000.0 });
return 0;

// ESS of A_f and of the layer-1 specialised count per CPU-second of the whole run (burn-in included), for every
// sampler, at (a) the Fig. 2 size d = N = 40, P = 40d and (b) a transition point d = N = 24, P = 14d (κ = 1), and
// for the NumPy ULA peer bench/peers/numpy_ula_ess.py on the same posterior, with our ESS/CPU-s over the peer's.
void EssPerCpuSecond()
{
    string[] names = (opts.Value("--samplers") ?? "ula,precond,mala,baoab,ula+gibbs,mala+gibbs,baoab+gibbs").Split(',');
    int budget = opts.Int("--ess-steps", quick ? 1000 : 3000);
    const int chains = 4, thin = 5, testPoints = 2000;
    const ulong seed = 7;
    var only = (opts.Value("--ess-points") ?? "a,b").Split(',');
    var points = new (string Name, int D, int P, double Target)[] { ("a", 40, 1600, 10), ("b", 24, 336, 50) }
        .Where(x => only.Contains(x.Name)).ToArray();
    string? script = FindOwnPeer("numpy_ula_ess.py");
    // The peer samples the identical posterior (FeatureScale's training and test sets, written to a file) unless
    // --ess-peer-data numpy lets it draw its own data (same distribution, other draws: another posterior).
    bool sameData = (opts.Value("--ess-peer-data") ?? "ours") != "numpy";
    foreach (var (point, d, p, target) in points)
    {
        var ours = new List<(string Name, double Af, double Spec)>();
        foreach (var name in names)
        {
            var cfg = new TrainConfig
            {
                D = d, Width = d, P = p, Kappa = 1, Chains = chains, Burnin = budget / 3, Steps = budget, Thin = thin,
                TestPoints = testPoints, PriorDraws = 4, Seed = seed, Threads = threads, Sampler = new SamplerSettings { Name = name },
            };
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var r = Training.Run(cfg);
            proc.Refresh();
            double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
            List<IReadOnlyList<double>> PerChain(Func<SampleRow, double> f) =>
                r.Samples.GroupBy(x => x.Chain).OrderBy(g => g.Key).Select(g => (IReadOnlyList<double>)g.Select(f).ToList()).ToList();
            var af = RankDiagnostics.Of(PerChain(x => x.Alignment));
            var spec = RankDiagnostics.Of(PerChain(x => x.Specialised[0]));
            var sr = r.Summary.Sampler!;
            ours.Add((name, af.BulkEss / cpu, spec.BulkEss / cpu));
            Note(FormattableString.Invariant(
                $"({point}) d=N={d} P={p} {name,-12} A_f {r.Summary.Alignment.Mean:0.0000}±{r.Summary.Alignment.Sem:0.0000} R̂ {af.Rhat:0.000} ESS {af.BulkEss,6:0} ({af.BulkEss / cpu,7:0.0}/CPU-s)  spec ESS {spec.BulkEss,6:0} ({spec.BulkEss / cpu,7:0.0}/CPU-s)  CPU {cpu:0.0}s  acc {sr.AcceptanceRate:0.00}"));
            Emit(new JsonObject
            {
                ["bench"] = "ess", ["point"] = point, ["d"] = d, ["N"] = d, ["P"] = p, ["sampler"] = name, ["chains"] = cfg.Chains,
                ["steps"] = cfg.Burnin + cfg.Steps, ["step"] = sr.Step, ["acceptance"] = Num(sr.AcceptanceRate),
                ["a_f"] = r.Summary.Alignment.Mean, ["a_f_sem"] = Num(r.Summary.Alignment.Sem), ["a_f_rhat"] = Num(af.Rhat),
                ["a_f_ess_bulk"] = Num(af.BulkEss), ["a_f_ess_tail"] = Num(af.TailEss), ["specialised_ess_bulk"] = Num(spec.BulkEss),
                ["cpu_s"] = cpu, ["a_f_ess_per_cpu_s"] = Num(af.BulkEss / cpu), ["specialised_ess_per_cpu_s"] = Num(spec.BulkEss / cpu),
            });
        }
        var peer = NumpyUlaPeer(script, point, d, p, chains, budget / 3, budget, thin, testPoints, seed, sameData);
        static double? EssRatio(double ours, double? theirs) =>
            theirs is { } t && t > 0 && double.IsFinite(t) && double.IsFinite(ours) ? ours / t : null;
        string Show(double? v) => v is { } x ? FormattableString.Invariant($"{x,7:0.0}x") : "    n/a";
        (string Name, double? Af, double? Spec)? best = null;
        foreach (var (name, afRate, specRate) in ours)
        {
            double? rAf = EssRatio(afRate, peer?.Af), rSpec = EssRatio(specRate, peer?.Spec);
            if (rAf is { } v && (best?.Af is not { } b || v > b)) best = (name, rAf, rSpec);
            Note($"({point}) ratio {name,-12} vs numpy-ula: ESS/CPU-s A_f {Show(rAf)}   specialised count {Show(rSpec)}");
            Emit(new JsonObject { ["bench"] = "ess_ratio", ["point"] = point, ["sampler"] = name, ["vs"] = "numpy-ula",
                ["a_f_ratio"] = rAf, ["specialised_ratio"] = rSpec, ["peer_status"] = peer is null ? "unavailable" : "measured" });
        }
        bool? met = best?.Af is { } bestAf ? bestAf >= target : null;
        Note(FormattableString.Invariant(
            $"({point}) target: best sampler >= {target:0}x the NumPy ULA peer's ESS/CPU-s of A_f: ") +
            (best is { } bb ? $"{bb.Name} {Show(bb.Af).Trim()} (specialised count {Show(bb.Spec).Trim()}), {(met == true ? "met" : "not met")}" : "not measured (no peer)"));
        Emit(new JsonObject { ["bench"] = "ess_target", ["point"] = point, ["vs"] = "numpy-ula", ["target_ratio"] = target,
            ["best_sampler"] = best?.Name, ["a_f_ratio"] = best?.Af, ["specialised_ratio"] = best?.Spec, ["met"] = met });
    }
}

// The NumPy ULA peer on the posterior of Training.Run's TrainConfig at one point: runs bench/peers/numpy_ula_ess.py
// (BLAS single-threaded, its chains stacked into one GEMM), takes RankDiagnostics of its series and its own process
// CPU time, emits an "ess" line like ours. Returns its ESS/CPU-s of A_f and of the count (NaN where undefined), or
// null when the peer is absent or failed: then the line says so and nothing crashes.
(double Af, double Spec)? NumpyUlaPeer(string? script, string point, int d, int p, int chains, int burnin, int nSteps, int thin,
    int testPoints, ulong seed, bool sameData)
{
    JsonObject Line(string status) => new()
    {
        ["bench"] = "ess", ["point"] = point, ["d"] = d, ["N"] = d, ["P"] = p, ["sampler"] = "numpy-ula", ["chains"] = chains,
        ["steps"] = burnin + nSteps, ["status"] = status, ["script"] = "bench/peers/numpy_ula_ess.py",
        ["data"] = sameData ? "featurescale" : "numpy",
    };
    void Absent(string status, string why)
    {
        Note($"({point}) d=N={d} P={p} numpy-ula    {status}: {why}");
        Emit(Line(status));
    }
    if (script is null) { Absent("peer absent", "bench/peers/numpy_ula_ess.py not found above the working directory or the binary"); return null; }
    string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    string outFile = Path.Combine(Path.GetTempPath(), $"numpy_ula_ess_{Environment.ProcessId}_{point}.json");
    string dataFile = Path.Combine(Path.GetTempPath(), $"numpy_ula_ess_{Environment.ProcessId}_{point}_data.json");
    if (sameData)
    {
        // Training.Run's own draws for this TrainConfig (teacher, training and test set from the seed's streams).
        var teacher = Teacher.Random("h3", d, RandomStream.For(seed, 0, "teacher"));
        var inputs = new GaussianInputs(d);
        var train = Dataset.Draw(inputs, teacher, p, RandomStream.For(seed, 0, "train"));
        var test = Dataset.Draw(inputs, teacher, testPoints, RandomStream.For(seed, 0, "test"));
        using var fs = File.Create(dataFile);
        using var w = new System.Text.Json.Utf8JsonWriter(fs);
        void Write(string name, double[] v) { w.WriteStartArray(name); foreach (var x in v) w.WriteNumberValue(x); w.WriteEndArray(); }
        w.WriteStartObject();
        Write("w_star", teacher.Direction); Write("x", train.X); Write("y", train.Y); Write("x_test", test.X); Write("y_test", test.Y);
        w.WriteEndObject();
    }
    var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var arg in FormattableString.Invariant(
        $"{script} --d {d} --N {d} --P {p} --kappa 1 --sigma2 1 --chains {chains} --burnin {burnin} --steps {nSteps} --thin {thin} --test-points {testPoints} --seed {seed} --threads 1 --out {outFile}").Split(' '))
        psi.ArgumentList.Add(arg);
    if (sameData) { psi.ArgumentList.Add("--data"); psi.ArgumentList.Add(dataFile); }
    psi.Environment["OPENBLAS_CORETYPE"] = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "";
    int exit;
    string err;
    try
    {
        using var proc = Process.Start(psi)!;
        var errTask = proc.StandardError.ReadToEndAsync();
        proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        err = errTask.Result;
        exit = proc.ExitCode;
    }
    catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
    {
        try { File.Delete(dataFile); } catch (IOException) { }
        Absent("peer absent", $"cannot start {python} ({e.Message})");
        return null;
    }
    string? text = File.Exists(outFile) ? File.ReadAllText(outFile) : null;
    try { File.Delete(outFile); File.Delete(dataFile); } catch (IOException) { }
    string lastError = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {exit}";
    if (text is null || (exit != 0 && exit != 3))
    {
        bool missing = err.Contains("No module named", StringComparison.Ordinal) || exit == 127;
        Absent(missing ? "peer absent" : "peer failed", lastError);
        return null;
    }
    var o = JsonNode.Parse(text)!.AsObject();
    List<IReadOnlyList<double>> Series(string key) =>
        o[key]!.AsArray().Select(c => (IReadOnlyList<double>)c!.AsArray().Select(v => (double)v!).ToList()).ToList();
    var afChains = Series("a_f");
    var specChains = Series("specialised");
    var af = RankDiagnostics.Of(afChains);
    var spec = RankDiagnostics.Of(specChains);
    var est = ChainDiagnostics.Summarise(afChains);
    double cpu = (double)o["cpu_s"]!, eta = (double)o["eta"]!;
    string? diverged = (string?)o["diverged"];
    if (diverged is not null) af = spec = RankDiagnostics.Undefined;
    Note(FormattableString.Invariant(
        $"({point}) d=N={d} P={p} {"numpy-ula",-12} A_f {est.Mean:0.0000}±{est.Sem:0.0000} R̂ {af.Rhat:0.000} ESS {af.BulkEss,6:0} ({af.BulkEss / cpu,7:0.0}/CPU-s)  spec ESS {spec.BulkEss,6:0} ({spec.BulkEss / cpu,7:0.0}/CPU-s)  CPU {cpu:0.0}s  η {eta:G3}  {(double)o["ms_per_chain_step"]!:0.000} ms/chain-step{(diverged is null ? "" : "  DIVERGED: " + diverged)}"));
    var line = Line(diverged is null ? "measured" : "diverged");
    line["step"] = eta; line["lambda_max"] = (double)o["lambda_max"]!; line["acceptance"] = null;
    line["a_f"] = Num(est.Mean); line["a_f_sem"] = Num(est.Sem); line["a_f_rhat"] = Num(af.Rhat);
    line["a_f_ess_bulk"] = Num(af.BulkEss); line["a_f_ess_tail"] = Num(af.TailEss); line["specialised_ess_bulk"] = Num(spec.BulkEss);
    line["cpu_s"] = cpu; line["cpu_s_process"] = (double)o["cpu_s_process"]!;
    line["a_f_ess_per_cpu_s"] = Num(af.BulkEss / cpu); line["specialised_ess_per_cpu_s"] = Num(spec.BulkEss / cpu);
    line["ms_per_step"] = (double)o["ms_per_step"]!; line["ms_per_chain_step"] = (double)o["ms_per_chain_step"]!;
    line["numpy"] = (string?)o["numpy"];
    Emit(line);
    return (af.BulkEss / cpu, spec.BulkEss / cpu);
}

static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

// Load-robust comparison: CPU seconds per step on one thread (ours: process CPU time over the timed loop; peers:
// CPU time of a long run minus a short run, which cancels interpreter start-up, imports and warm-up).
void CpuComparison()
{
    la.SetThreads(1);
    double Ours<T>(int p, int d, int[] widths, int nSteps) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var arch = new FcnArchitecture(d, widths, Activation.Erf, Enumerable.Repeat(1.0, widths.Length + 1).ToArray());
        var teacher = Teacher.Random("h3", d, RandomStream.For(0, 0, "teacher"));
        var data = Dataset.Draw(new GaussianInputs(d), teacher, p, RandomStream.For(0, 0, "train"));
        var model = Training.BlockedModel<T>(arch, data, p, 1);
        var sampler = new LangevinSampler<T>(model, 1e-5, 1e-2);
        var theta = new T[model.ParameterCount];
        var init = new double[theta.Length];
        RandomStream.For(0, 0, "init").FillGaussian(init, 0, 1.0 / Math.Sqrt(d));
        for (int i = 0; i < theta.Length; i++) theta[i] = T.CreateTruncating(init[i]);
        var noise = RandomStream.For(0, 0, "noise");
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 40 || warm.Elapsed.TotalSeconds < 1.5; i++) sampler.Step(theta, noise); // past JIT tiering
        var proc = Process.GetCurrentProcess();
        var c0 = proc.TotalProcessorTime;
        for (int i = 0; i < nSteps; i++) sampler.Step(theta, noise);
        proc.Refresh();
        return (proc.TotalProcessorTime - c0).TotalMilliseconds / nSteps;
    }
    double PeerCpu(string script, string extra, int shortSteps, int longSteps)
    {
        string? peers = FindPeers();
        if (peers is null) return double.NaN;
        double Run(int n)
        {
            // The peer runs inside a wrapper that reports its own CPU time (all threads) on stderr when it ends.
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import runpy,sys,resource; s=sys.argv[1]; sys.argv=sys.argv[1:]; runpy.run_path(s, run_name='__main__'); r=resource.getrusage(resource.RUSAGE_SELF); sys.stderr.write('CPU %f\\n' % (r.ru_utime+r.ru_stime))");
            psi.ArgumentList.Add(Path.Combine(peers, script));
            foreach (var a in $"--P 2000 --d 100 --N 500 --steps {n} --warmup 2 {extra}".Split(' ', StringSplitOptions.RemoveEmptyEntries)) psi.ArgumentList.Add(a);
            psi.Environment["OPENBLAS_CORETYPE"] = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "";
            psi.Environment["OPENBLAS_NUM_THREADS"] = "1"; psi.Environment["OMP_NUM_THREADS"] = "1"; psi.Environment["MKL_NUM_THREADS"] = "1";
            using var proc = Process.Start(psi)!;
            proc.StandardOutput.ReadToEnd();
            string err = proc.StandardError.ReadToEnd();
            proc.WaitForExit();
            var line = err.Split('\n').LastOrDefault(l => l.StartsWith("CPU "));
            return line is null ? double.NaN : double.Parse(line[4..], CultureInfo.InvariantCulture) * 1000;
        }
        return (Run(longSteps) - Run(shortSteps)) / (longSteps - shortSteps);
    }
    var o64 = Ours<double>(2000, 100, [500], 60);
    var o32 = Ours<float>(2000, 100, [500], 60);
    var o3 = Ours<double>(2000, 100, [500, 500], 20);
    var oSmall = Ours<double>(1600, 40, [40], 2000);
    Note(FormattableString.Invariant($"CPU ms/step, 1 thread: fcn2 f64 {o64:0.00}, fcn2 f32 {o32:0.00}, fcn3 f64 {o3:0.00}, fig2-size {oSmall:0.000} (= {1000 / oSmall:0} chain-steps per CPU-second)"));
    var n64 = PeerCpu("numpy_langevin.py", "--dtype float64", 5, 35);
    var n32 = PeerCpu("numpy_langevin.py", "--dtype float32", 5, 35);
    var t64 = PeerCpu("torch_langevin.py", "--dtype float64 --threads 1", 3, 13);
    var t32 = PeerCpu("torch_langevin.py", "--dtype float32 --threads 1", 3, 13);
    var t3 = PeerCpu("torch_langevin.py", "--arch fcn3 --N2 500 --dtype float64 --threads 1", 2, 8);
    Note(FormattableString.Invariant($"peer CPU ms/step, 1 thread: numpy f64 {n64:0.00}, numpy f32 {n32:0.00}, torch f64 {t64:0.00}, torch f32 {t32:0.00}, torch fcn3 f64 {t3:0.00}"));
    Emit(new JsonObject { ["bench"] = "cpu_per_step_1thread", ["fcn2_float64_ms"] = o64, ["fcn2_float32_ms"] = o32, ["fcn3_float64_ms"] = o3, ["fig2_size_ms"] = oSmall,
        ["numpy_float64_ms"] = n64, ["numpy_float32_ms"] = n32, ["torch_float64_ms"] = t64, ["torch_float32_ms"] = t32, ["torch_fcn3_float64_ms"] = t3 });
    Note(FormattableString.Invariant($"CPU-time ratios: fcn2 f64 vs NumPy {n64 / o64:0.0}x, vs PyTorch {t64 / o64:0.0}x; fcn2 f32 vs NumPy {n32 / o32:0.0}x, vs PyTorch {t32 / o32:0.0}x; fcn3 f64 vs PyTorch {t3 / o3:0.0}x"));
}

// One chain of the Fig. 2 size on one thread: where the time goes.
void ProfileSmall()
{
    int d = 40, n = 40, p = 1600, k = 2000;
    var arch = new FcnArchitecture(d, [n], Activation.Erf, [1.0, 1.0]);
    var teacher = Teacher.Random("h3", d, RandomStream.For(0, 0, "teacher"));
    var data = Dataset.Draw(new GaussianInputs(d), teacher, p, RandomStream.For(0, 0, "train"));
    la.SetThreads(1);
    var blocked = Training.BlockedModel<double>(arch, data, p, 1);
    var plain = new FullyConnectedNetwork<double>(arch, data.X, data.Y, p) { Profile = new FcnProfile() };
    var theta = new double[plain.ParameterCount];
    LangevinSampler<double>.DrawPrior(plain, theta, RandomStream.For(0, 0, "init"));
    var g = new double[theta.Length];
    for (int i = 0; i < 200; i++) { plain.LossAndGradient(theta, g); blocked.LossAndGradient(theta, g); }
    plain.Profile.Reset();
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < k; i++) plain.LossAndGradient(theta, g);
    double plainUs = sw.Elapsed.TotalMicroseconds / k;
    sw.Restart();
    for (int i = 0; i < k; i++) blocked.LossAndGradient(theta, g);
    double blockedUs = sw.Elapsed.TotalMicroseconds / k;
    var sampler = new LangevinSampler<double>(blocked, 2.8e-5, 1.0);
    var noise = RandomStream.For(0, 0, "noise");
    sw.Restart();
    for (int i = 0; i < k; i++) sampler.Step(theta, noise);
    double stepUs = sw.Elapsed.TotalMicroseconds / k;
    Note(FormattableString.Invariant(
        $"fig2-size chain, 1 thread: step {stepUs:0} us = gradient ({RowBlockedModel<double>.BlockCount(p, arch.ParameterCount)} row block(s)) {blockedUs:0} us + update/noise {stepUs - blockedUs:0} us; unblocked gradient {plainUs:0} us (GEMM {plain.Profile.GemmSeconds * 1e6 / k:0} us, element-wise {plain.Profile.ElementwiseSeconds * 1e6 / k:0} us)"));
}

// Our own peer scripts (bench/peers), looked for above the working directory and above the binary.
static string? FindOwnPeer(string script)
{
    foreach (var from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "bench", "peers", script);
            if (File.Exists(p)) return p;
        }
    return null;
}

static string? FindPeers()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var p = Path.Combine(dir.FullName, "shared", "peers");
        if (File.Exists(Path.Combine(p, "numpy_langevin.py"))) return p;
    }
    return null;
}

sealed class Args(Dictionary<string, string?> map)
{
    public static Args Parse(string[] args)
    {
        var m = new Dictionary<string, string?>();
        for (int i = 0; i < args.Length; i++)
            if (args[i].StartsWith("--")) m[args[i]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : null;
        return new Args(m);
    }
    public bool Has(string k) => map.ContainsKey(k);
    public int Int(string k, int def) => map.TryGetValue(k, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : def;
    public string? Value(string k) => map.TryGetValue(k, out var v) ? v : null;
}
