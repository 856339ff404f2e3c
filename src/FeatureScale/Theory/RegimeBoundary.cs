namespace FeatureScale.Theory;

/// <summary>A change of winner at γ = Gamma (exact where the active balances are linear in γ).</summary>
public sealed record RegimeBoundary(double Gamma, string Below, string Above, string Exact);
