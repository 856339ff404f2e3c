namespace FeatureScale.Theory;

/// <summary>Winner against γ with every varied scale set to d^γ.</summary>
public sealed record PhaseDiagramResult(IReadOnlyList<string> Varied, IReadOnlyList<string> Patterns, IReadOnlyList<RegimePoint> Points, IReadOnlyList<RegimeBoundary> Boundaries, bool Constrained = false);
