namespace FeatureScale.Analysis;

/// <summary>A one-line comparison of a measurement with the paper and the theory.</summary>
/// <param name="Text">e.g. "P* ∝ d^(1.03 ± 0.07); paper: d^1; theory (LDT): d^0.98".</param>
/// <param name="AgreesWithPaper">Whether the paper's value lies inside the measured 95% interval (null when there is
/// nothing to compare).</param>
public sealed record Verdict(string Text, bool? AgreesWithPaper)
{
    public override string ToString() => Text;
}
