using System.Text.Json.Nodes;

namespace FeatureScale.Analysis;

/// <summary>
/// Settings of the "pstar_scaling" analysis, read from a sweep spec's "analysis" block:
/// <code>
/// "analysis": { "kind": "pstar_scaling", "p": "P", "size": "d", "observable": "alignment.mean",
///               "threshold": 0.1, "predicted_exponent": 1, "paper_exponent": 1, "theory_exponent": 0.98,
///               "theory_label": "LDT", "extrapolate": false, "bootstrap": 2000, "seed": 1,
///               "tolerance": 0.15, "rhat_max": 1.1, "reference_label": "paper", "observable_label": "A_f" }
/// </code>
/// "tolerance" is the largest 95% half-width of the exponent that can support "agrees"; "rhat" (default: the
/// observable with ".mean" replaced by ".rhat") is each run's split-R̂, and a run above "rhat_max" is untrusted: a
/// verdict resting on untrusted runs is "inconclusive", whichever way its interval points. "reference_label" names
/// what "paper_exponent" is (default "paper"; `verify` tests a prediction: "prediction (pattern engine)");
/// "observable_label" names the observable in the verdicts (default "A_f"; `verify` on parity: "test accuracy").
/// "p" and "size" are config paths; "observable" is a path in each run's summary (one value per run; runs that
/// differ only in other fields, e.g. seeds, are the independent samples at that (size, P)). "sem" (default: the
/// observable with ".mean" replaced by ".sem", e.g. the chains' standard error in the trainer's summary) is used
/// where a (size, P) has a single run: the bootstrap then draws it from N(mean, sem).
/// </summary>
public sealed record PStarAnalysisSettings(
    string P = "P", string Size = "d", string Observable = "alignment.mean", double Threshold = PStar.DefaultThreshold,
    double? PredictedExponent = null, double? PaperExponent = null, double? TheoryExponent = null, string TheoryLabel = "LDT",
    bool Extrapolate = false, int Bootstrap = 2000, ulong Seed = 1, string? Sem = null,
    double Tolerance = Verdicts.ExponentTolerance, double RhatMax = PStarAnalysisSettings.DefaultRhatMax,
    string? Rhat = null, string ReferenceLabel = "paper", string ObservableLabel = "A_f")
{
    /// <summary>Split-R̂ above which a run's chains count as not equilibrated (issue #13).</summary>
    public const double DefaultRhatMax = 1.1;

    /// <summary>Reads the analysis block (missing fields take the defaults).</summary>
    public static PStarAnalysisSettings From(JsonObject? a)
    {
        if (a is null)
        {
            var d0 = new PStarAnalysisSettings();
            return d0 with { Sem = DefaultSem(d0.Observable), Rhat = DefaultRhat(d0.Observable) };
        }
        string kind = Str(a, "kind") ?? "pstar_scaling";
        if (kind != "pstar_scaling") throw new ConfigException($"analysis kind '{kind}' is not known (available: pstar_scaling)");
        double? Num(string k) => a[k] is JsonValue v && v.TryGetValue(out double d) ? d : null;
        var s = new PStarAnalysisSettings(Str(a, "p") ?? "P", Str(a, "size") ?? "d", Str(a, "observable") ?? "alignment.mean",
            Num("threshold") ?? PStar.DefaultThreshold, Num("predicted_exponent"), Num("paper_exponent"), Num("theory_exponent"),
            Str(a, "theory_label") ?? "LDT", a["extrapolate"] is JsonValue e && e.TryGetValue(out bool b) && b,
            (int)(Num("bootstrap") ?? 2000), (ulong)(Num("seed") ?? 1), Str(a, "sem"),
            Num("tolerance") ?? Verdicts.ExponentTolerance, Num("rhat_max") ?? DefaultRhatMax, Str(a, "rhat"),
            Str(a, "reference_label") ?? "paper", Str(a, "observable_label") ?? "A_f");
        if (s.Bootstrap < 0) throw new ConfigException("analysis: bootstrap must be ≥ 0");
        if (!(s.Tolerance > 0)) throw new ConfigException("analysis: tolerance must be > 0");
        if (!(s.RhatMax >= 1)) throw new ConfigException("analysis: rhat_max must be ≥ 1");
        return s with { Sem = s.Sem ?? DefaultSem(s.Observable), Rhat = s.Rhat ?? DefaultRhat(s.Observable) };
    }

    private static string? DefaultRhat(string observable) =>
        observable.EndsWith(".mean", StringComparison.Ordinal) ? observable[..^5] + ".rhat" : null;

    private static string? DefaultSem(string observable) => observable.EndsWith(".mean", StringComparison.Ordinal) ? observable[..^5] + ".sem" : null;

    private static string? Str(JsonObject a, string k) => a[k] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
