namespace FeatureScale.Analysis;

/// <summary>A one-line comparison of a measurement with the paper and the theory.</summary>
/// <param name="Text">e.g. "P* ∝ d^(1.03 ± 0.07); paper: d^1; theory (LDT): d^0.98".</param>
/// <param name="AgreesWithPaper">Whether the paper's value lies inside the measured 95% interval (null when there is
/// nothing to compare, or when the interval is too wide to tell: see <see cref="Status"/>).</param>
public sealed record Verdict(string Text, bool? AgreesWithPaper)
{
    /// <summary>The numbers behind the line, when it compares a measured value with the paper.</summary>
    public VerdictNumbers? Numbers { get; init; }

    /// <summary>"agrees", "disagrees", "inconclusive" (a comparison whose interval is too wide) or "information".</summary>
    public string Status => AgreesWithPaper switch
    {
        true => "agrees",
        false => "disagrees",
        null => Numbers?.Paper is not null ? "inconclusive" : "information",
    };

    public override string ToString() => Text;
}
