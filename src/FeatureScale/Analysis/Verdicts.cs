using System.Globalization;

namespace FeatureScale.Analysis;

/// <summary>Formats verdict lines in one style.</summary>
public static class Verdicts
{
    private static string N(double v, string fmt = "0.00") => v.ToString(fmt, CultureInfo.InvariantCulture);
    private static string Short(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Largest 95% half-width of a measured exponent that can support "agrees" (issue #13).</summary>
    public const double ExponentTolerance = 0.15;

    /// <summary>
    /// "P* ∝ d^(1.03 ± 0.07); paper: d^1; theory (LDT): d^0.98 — paper inside the 95% CI". The ± is the half-width
    /// of a symmetric 95% interval; an asymmetric one is printed by its ends, "d^0.60 (95% CI 0.06 … 1.34)". Paper
    /// and theory parts are left out when not given. A paper value inside an interval whose half-width exceeds
    /// <paramref name="tolerance"/> (default <see cref="ExponentTolerance"/>; each verdict may state its own) is
    /// "inconclusive" (AgreesWithPaper null), not agreement; a paper value outside any interval is a disagreement.
    /// </summary>
    public static Verdict Exponent(string quantity, string variable, double exponent, double ciLow, double ciHigh,
        double? paper = null, double? theory = null, string theoryLabel = "LDT", double tolerance = ExponentTolerance,
        string referenceLabel = "paper")
    {
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), "tolerance must be > 0");
        // the value tested against: the paper's (reproductions) or a prediction's (verify)
        string reference = referenceLabel == "paper" ? "paper's exponent" : "prediction";
        bool hasCi = double.IsFinite(ciLow) && double.IsFinite(ciHigh);
        // "± h" only for an interval symmetric about the estimate (to the digits shown); else both ends
        bool symmetric = Math.Abs((ciHigh - exponent) - (exponent - ciLow)) < 0.01;
        string measured = !hasCi ? $"{variable}^{N(exponent)}"
            : symmetric ? $"{variable}^({N(exponent)} ± {N((ciHigh - ciLow) / 2)})"
            : $"{variable}^{N(exponent)} (95% CI {N(ciLow)} … {N(ciHigh)})";
        var text = $"{quantity} ∝ {measured}";
        if (paper is { } p) text += $"; {referenceLabel}: {variable}^{Short(p)}";
        if (theory is { } t) text += $"; theory ({theoryLabel}): {variable}^{(Math.Abs(t - Math.Round(t, 2)) < 1e-12 ? Short(t) : N(t))}";
        bool? agrees = paper is { } pp && hasCi ? pp >= ciLow && pp <= ciHigh : null;
        double halfWidth = (ciHigh - ciLow) / 2;
        var numbers = new VerdictNumbers($"exponent of {quantity} in {variable}", exponent, ciLow, ciHigh,
            tolerance, paper, theory);
        if (agrees is true && halfWidth > tolerance)
        {
            // An interval that wide could not have disagreed: it says nothing about the paper's value.
            // to two digits 0.152 and 0.15 read alike: show three where they would
            string half = N(halfWidth) == N(tolerance)
                ? halfWidth.ToString("0.000", CultureInfo.InvariantCulture) : N(halfWidth);
            text += $" — inconclusive: the 95% CI (±{half}) is wider than the tolerance " +
                $"±{N(tolerance)}";
            return new Verdict(text, null) { Numbers = numbers };
        }
        if (agrees is { } a) text += a ? $" — {reference} inside the 95% CI" : $" — {reference} OUTSIDE the 95% CI";
        return new Verdict(text, agrees) { Numbers = numbers };
    }

    /// <summary>
    /// A verdict resting on runs whose chains have not mixed (split-R̂ above rhatMax) is inconclusive, whichever way
    /// its interval points: "… — but inconclusive: 11 of 160 runs have split-R̂ > 1.1 (chains not equilibrated)".
    /// The runs stay in the fit (P* sits where chains are slowest: leaving them out would bias it).
    /// </summary>
    public static Verdict Untrusted(Verdict v, int untrusted, int runs, double rhatMax)
    {
        if (untrusted == 0) return v;
        string unmixed = $"{untrusted} of {runs} runs have split-R̂ > " +
            $"{rhatMax.ToString("0.0#", CultureInfo.InvariantCulture)} (chains not equilibrated)";
        return v with
        {
            Text = v.Text + (v.AgreesWithPaper is null ? $"; {unmixed}" : $" — but inconclusive: {unmixed}"),
            AgreesWithPaper = null,
        };
    }

    /// <summary>The verdict of an <see cref="ExponentFit"/> (its cautious interval).</summary>
    public static Verdict Exponent(string quantity, string variable, ExponentFit fit, double? paper = null,
        double? theory = null, string theoryLabel = "LDT", double tolerance = ExponentTolerance,
        string referenceLabel = "paper") =>
        Exponent(quantity, variable, fit.Exponent, fit.Ci.Low, fit.Ci.High, paper, theory, theoryLabel, tolerance,
            referenceLabel);

    /// <summary>Largest deviation of measured from predicted local log-log slopes that can support "agrees".</summary>
    public const double CurveTolerance = 0.25;

    /// <summary>
    /// Compares a measured curve y(x) with a whole predicted curve rather than an exponent fitted to curved data:
    /// "⟨Φ|K⁻¹|Φ⟩ vs D over [8, 512]: chord slope −0.67 (local −0.91 … −0.35); idealised curve: −1.55 (local
    /// −1.81 … −1.31); measured/idealised 0.8 … 3.1; paper: D^−2 — disagrees with the idealised curve: local slopes
    /// differ by up to 1.2 (tolerance ±0.25)". Local slopes are between consecutive points; only points where the
    /// measurement is positive and finite count. AgreesWithPaper here means agreement with the predicted curve (the
    /// paper's law made precise): true when every local slope is within <paramref name="tolerance"/> of the
    /// prediction's, false otherwise, and null ("inconclusive") with fewer than 3 usable points or no prediction.
    /// With <paramref name="relativeError"/>, points whose relative standard error exceeds
    /// <paramref name="maxRelativeError"/> (default 0.1: a local slope over a doubling then carries ≳ 0.2 of noise)
    /// are left out as unresolved, and the text says how many. Numbers: the measured and predicted chord slopes over
    /// the usable points, no interval.
    /// </summary>
    public static Verdict Curve(string quantity, string variable, IReadOnlyList<double> x,
        IReadOnlyList<double> measured, IReadOnlyList<double>? predicted, double? paper,
        string theoryLabel = "idealised curve",
        double tolerance = CurveTolerance, IReadOnlyList<double>? relativeError = null, double maxRelativeError = 0.1)
    {
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), "tolerance must be > 0");
        if (x.Count != measured.Count || (predicted is not null && predicted.Count != x.Count))
            throw new ArgumentException("x, measured and predicted differ in length");
        if (relativeError is not null && relativeError.Count != x.Count)
            throw new ArgumentException("relativeError differs in length from x");
        var valid = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(measured[i]) && measured[i] > 0 && x[i] > 0
            && (predicted is null || (double.IsFinite(predicted[i]) && predicted[i] > 0))).ToArray();
        var use = valid.Where(i => relativeError is null || !(relativeError[i] > maxRelativeError)).ToArray();
        string paperText = paper is { } pv ? $"; paper: {variable}^{Short(pv)}" : "";
        int noisy = valid.Length - use.Length;
        if (noisy > 0)
            paperText += $"; {noisy} point{(noisy == 1 ? "" : "s")} with relative error > " +
                $"{Short(100 * maxRelativeError)}% left out";
        if (use.Length < 3)
        {
            var few = new VerdictNumbers($"local log-log slopes of {quantity} in {variable}", double.NaN, double.NaN,
                double.NaN, tolerance, paper, null);
            return new Verdict(
                $"{quantity} vs {variable}: only {use.Length} usable points{paperText} — inconclusive", null)
            { Numbers = few };
        }
        double[] Local(IReadOnlyList<double> y) => use.Skip(1).Select((i, k) =>
            Math.Log(y[i] / y[use[k]]) / Math.Log(x[i] / x[use[k]])).ToArray();
        double Chord(IReadOnlyList<double> y) =>
            Math.Log(y[use[^1]] / y[use[0]]) / Math.Log(x[use[^1]] / x[use[0]]);
        var ml = Local(measured);
        double mc = Chord(measured);
        var text = $"{quantity} vs {variable} over [{Short(x[use[0]])}, {Short(x[use[^1]])}]: chord slope {N(mc)} " +
            $"(local {N(ml.Min())} … {N(ml.Max())})";
        if (predicted is null)
        {
            text += $"{paperText}; no {theoryLabel} for this setting — inconclusive";
            return new Verdict(text, null)
            {
                Numbers = new VerdictNumbers($"local log-log slopes of {quantity} in {variable}", mc, double.NaN,
                    double.NaN, tolerance, paper, null),
            };
        }
        var pl = Local(predicted);
        double pc = Chord(predicted);
        var ratio = use.Select(i => measured[i] / predicted[i]).ToArray();
        double dev = ml.Zip(pl, (a, b) => Math.Abs(a - b)).Max();
        bool agrees = dev <= tolerance;
        text += $"; {theoryLabel}: {N(pc)} (local {N(pl.Min())} … {N(pl.Max())}); measured/predicted " +
            $"{N(ratio.Min())} … {N(ratio.Max())}" + paperText + (agrees
                ? $" — agrees with the {theoryLabel}: local slopes within {N(dev)} (tolerance ±{N(tolerance)})"
                : $" — disagrees with the {theoryLabel}: local slopes differ by up to {N(dev)} " +
                  $"(tolerance ±{N(tolerance)})");
        return new Verdict(text, agrees)
        {
            Numbers = new VerdictNumbers($"local log-log slopes of {quantity} in {variable}", mc, double.NaN,
                double.NaN, tolerance, paper, pc),
        };
    }

    /// <summary>"collapse of A_f vs P/d^1: S = 1.2e-04 (relative 0.003); best collapse at d^1.02" (the observable
    /// named by <paramref name="observable"/>).</summary>
    public static Verdict Collapse(string variable, double predictedExponent, CollapseScore predicted,
        double bestExponent, CollapseScore best, string observable = "A_f") =>
        new(FormattableString.Invariant(
            $"collapse of {observable} vs P/{variable}^{Short(predictedExponent)}: S = {predicted.Score:0.0e+00} ") +
            FormattableString.Invariant($"(relative {predicted.Relative:0.0e+00}); best collapse at ") +
            FormattableString.Invariant($"{variable}^{bestExponent:0.00} (S = {best.Score:0.0e+00})"),
            null);
}
