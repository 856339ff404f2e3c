namespace FeatureScale.Analysis;

/// <summary>The measured value behind a verdict, its 95% interval, and what it is compared with.</summary>
/// <param name="Quantity">What was measured, e.g. "exponent of P* in d".</param>
/// <param name="Estimate">The measured value.</param>
/// <param name="CiLow">Lower end of the 95% interval (NaN when there is none).</param>
/// <param name="CiHigh">Upper end of the 95% interval (NaN when there is none).</param>
/// <param name="Tolerance">Largest 95% half-width that can support "agrees".</param>
/// <param name="Paper">The paper's value, when it states one.</param>
/// <param name="Theory">The theory's value computed here, when there is one.</param>
public sealed record VerdictNumbers(string Quantity, double Estimate, double CiLow, double CiHigh, double Tolerance,
    double? Paper, double? Theory);
