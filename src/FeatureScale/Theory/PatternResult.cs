namespace FeatureScale.Theory;

/// <summary>The energy of one pattern, before and after minimisation.</summary>
/// <param name="Name">Pattern name.</param>
/// <param name="Layers">Per-layer pattern strings.</param>
/// <param name="Terms">The energy terms Δ_l and a_y (monomials in scales and free parameters), with labels.</param>
/// <param name="Parameters">Free parameters (order parameters).</param>
/// <param name="Minimum">The minimisation in the problem's own scale variables.</param>
/// <param name="Reduced">The minimisation after substitutions (equal to Minimum without --set).</param>
/// <param name="Valid">Conditions (monomials that must be ≥ 1) for the minimisers to be meaningful (M ≥ 1, M ≤ N_l, D ≥ 1, …), in reduced variables.</param>
public sealed record PatternResult(
    string Name, IReadOnlyList<string> Layers, IReadOnlyList<(string Label, Monomial Term)> Terms,
    IReadOnlyList<OrderParameter> Parameters, TropicalMinimum Minimum, TropicalMinimum Reduced,
    IReadOnlyList<(string Condition, Monomial MustBeAtLeastOne)> Valid)
{
    /// <summary>The energy terms after substitutions (derived and --set), in the order of <see cref="Terms"/>.</summary>
    public IReadOnlyList<Monomial> ReducedTerms { get; init; } = [];
    /// <summary>Width N_l of each parameter's layer after substitutions (for the bounds M ≤ N_l, β ≤ N_l).</summary>
    public IReadOnlyDictionary<string, Monomial> ReducedWidths { get; init; } = new Dictionary<string, Monomial>();

    /// <summary>The unminimised energy Ẽ = Σ_l Δ_l + a_y as text.</summary>
    public string EnergyExpression => string.Join(" + ", Terms.Select(t => t.Term.ToString()));
}
