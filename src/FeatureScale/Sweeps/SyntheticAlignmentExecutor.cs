using System.Diagnostics;
using System.Text.Json.Nodes;
using FeatureScale.Numerics;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>
/// TEST/DEMO EXECUTOR — NOT A PHYSICS RESULT. Produces a synthetic alignment curve so the sweep → analysis →
/// report pipeline can be exercised without the Langevin trainer:
/// A_f(P) = 1/(1 + exp(−(ln P − ln P₀)/s)) with P₀ = P*·9^s, so that A_f(P*) = 0.1 exactly at the planted
/// P* = c·d^k; each of the "chains" gets Gaussian noise of sd "noise" from RandomStream(seed, chain,
/// "synthetic-alignment P=.. d=..") (independent noise for every (P, d, seed, chain)). Config fields (defaults): P (required), d (required), seed (1), chains (8), c (10),
/// k (1), s (0.35), noise (0.02), width (= d), delay_ms (0: sleep per run, to make sweeps slow enough to interrupt
/// in tests), rhat (1: the split-R̂ the summary reports, to plant unmixed chains in tests).
/// The summary has the trainer's shape (alignment, test_mse, train_mse, specialised, rhat, ess, steps,
/// wall_seconds) plus "synthetic": true and the planted "planted_pstar".
/// </summary>
[RunExecutor(Name)]
public sealed class SyntheticAlignmentExecutor : IRunExecutor
{
    /// <summary>The name used in sweep specs.</summary>
    public const string Name = "synthetic-alignment";

    /// <summary>The planted threshold crossing P* = c·d^k.</summary>
    public static double PlantedPStar(double d, double c = 10, double k = 1) => c * Math.Pow(d, k);

    /// <summary>The noiseless synthetic curve.</summary>
    public static double Curve(double p, double d, double c = 10, double k = 1, double s = 0.35)
    {
        double p0 = PlantedPStar(d, c, k) * Math.Pow(9, s);
        return 1 / (1 + Math.Exp(-(Math.Log(p) - Math.Log(p0)) / s));
    }

    public JsonObject Execute(RunContext ctx)
    {
        var clock = Stopwatch.StartNew();
        var cfg = ctx.Config;
        var (p, d, seed, chains, c, k, s, noise, width, delay) = Read(cfg);
        double a0 = Curve(p, d, c, k, s);
        var a = new double[chains];
        for (int ch = 0; ch < chains; ch++)
        {
            var rng = RandomStream.For(seed, (uint)ch, FormattableString.Invariant($"synthetic-alignment P={p:R} d={d:R}"));
            a[ch] = a0 + noise * rng.NextGaussian();
            ctx.Progress.Report((ch + 1.0) / chains, FormattableString.Invariant($"A_f={a[ch]:0.000}"));
            if (delay > 0) Task.Delay(delay / chains + 1, ctx.Cancel).GetAwaiter().GetResult();
        }
        var (mean, sem) = MeanSem(a);
        var test = a.Select(x => (1 - x) * (1 - x) + 0.05).ToArray();
        var train = a.Select(x => 0.5 * (1 - x) * (1 - x) + 0.02).ToArray();
        var spec = a.Select(x => Math.Sqrt(width / d) * Math.Clamp(x, 0, 1) * 3).ToArray();
        var (tm, ts) = MeanSem(test); var (rm, rs) = MeanSem(train); var (sm, ss) = MeanSem(spec);
        return new JsonObject
        {
            ["synthetic"] = true,
            ["note"] = "synthetic-alignment test/demo executor: a planted logistic curve, not a physics result",
            ["planted_pstar"] = PlantedPStar(d, c, k),
            ["alignment"] = new JsonObject { ["mean"] = mean, ["sem"] = sem },
            ["test_mse"] = new JsonObject { ["mean"] = tm, ["sem"] = ts },
            ["train_mse"] = new JsonObject { ["mean"] = rm, ["sem"] = rs },
            ["specialised"] = new JsonArray(new JsonObject { ["layer"] = 1, ["mean"] = sm, ["sem"] = ss }),
            ["rhat"] = JsonPaths.GetDouble(cfg, "rhat") is var r && double.IsFinite(r) ? r : 1.0,
            ["ess"] = (double)chains,
            ["steps"] = 0,
            ["wall_seconds"] = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>Checks the config's fields (as <see cref="Execute"/> reads them) without running.</summary>
    public void Validate(JsonObject config) => Read(config);

    private static (double P, double D, ulong Seed, int Chains, double C, double K, double S, double Noise, double Width, int Delay) Read(JsonObject cfg)
    {
        double Field(string name, double fallback, bool required = false)
        {
            double v = JsonPaths.GetDouble(cfg, name);
            if (double.IsNaN(v)) return required ? throw new ConfigException($"synthetic-alignment: config field '{name}' (a number) is required") : fallback;
            if (!double.IsFinite(v)) throw new ConfigException($"synthetic-alignment: config field '{name}' must be finite (got {v})");
            return v;
        }
        double p = Field("P", 0, true), d = Field("d", 0, true);
        if (p < 1 || d < 1) throw new ConfigException($"synthetic-alignment: P and d must be ≥ 1 (P={p}, d={d})");
        double seed = Field("seed", 1);
        if (seed < 0) throw new ConfigException($"synthetic-alignment: seed must be ≥ 0 (got {seed})");
        double chains = Field("chains", 8);
        if (chains < 1 || chains > 1e7) throw new ConfigException($"synthetic-alignment: chains must be in 1..10^7 (got {chains})");
        double c = Field("c", 10), k = Field("k", 1), s = Field("s", 0.35), noise = Field("noise", 0.02), width = Field("width", d);
        if (!(s > 0)) throw new ConfigException($"synthetic-alignment: s must be positive (got {s})");
        double delay = Field("delay_ms", 0);
        if (delay < 0 || delay > 3.6e6) throw new ConfigException($"synthetic-alignment: delay_ms must be in 0..3600000 (got {delay})");
        if (!(Field("rhat", 1) >= 1)) throw new ConfigException("synthetic-alignment: rhat must be ≥ 1");
        return (p, d, (ulong)seed, (int)chains, c, k, s, noise, width, (int)delay);
    }

    private static (double Mean, double Sem) MeanSem(double[] x)
    {
        double m = x.Average();
        if (x.Length < 2) return (m, double.NaN);
        double v = x.Sum(t => (t - m) * (t - m)) / (x.Length - 1);
        return (m, Math.Sqrt(v / x.Length));
    }
}
