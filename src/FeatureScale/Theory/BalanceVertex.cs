namespace FeatureScale.Theory;

/// <summary>One vertex of the dual of the scaling minimisation: a balance between a subset of the energy terms.</summary>
/// <param name="Weights">λ_j ≥ 0 (Σ λ_j = 1, Σ λ_j b_j = 0) on the balanced terms, by term index.</param>
/// <param name="Energy">Π_j T_j^{λ_j} — the minimised energy in the scale variables when this balance is active.</param>
/// <param name="Minimizers">Free parameter → its scaling at the balance; absent when the balance leaves it undetermined.</param>
public sealed record BalanceVertex(IReadOnlyDictionary<int, Rational> Weights, Monomial Energy, IReadOnlyDictionary<string, Monomial> Minimizers);
