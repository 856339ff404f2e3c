namespace FeatureScale.Theory;

/// <summary>The minimised scaling of Σ_j T_j over the free parameters.</summary>
/// <param name="Vertices">All dual vertices (balances); the minimised energy is the max over them of their energies.</param>
/// <param name="Unbounded">True when the sum can be made arbitrarily small (no term grows as the parameters move).</param>
public sealed record TropicalMinimum(IReadOnlyList<BalanceVertex> Vertices, bool Unbounded)
{
    /// <summary>Non-dominated vertex energies (all scale variables ≥ 1): the energy is their max.</summary>
    public IReadOnlyList<Monomial> EnergyTerms
    {
        get
        {
            var list = Vertices.Select(v => v.Energy).Distinct().ToList();
            return list.Where(a => !list.Any(b => !ReferenceEquals(a, b) && !a.Equals(b) && Dominates(b, a))).ToList();
        }
    }

    /// <summary>The single energy monomial when there is one balance; else null.</summary>
    public Monomial? Energy => EnergyTerms.Count == 1 ? EnergyTerms[0] : null;

    /// <summary>The minimisers when there is one balance.</summary>
    public IReadOnlyDictionary<string, Monomial>? Minimizers =>
        EnergyTerms.Count == 1 ? Vertices.First(v => v.Energy.Equals(EnergyTerms[0])).Minimizers : null;

    /// <summary>log of the minimised energy at given log-values of the scale variables, and the active vertex.</summary>
    public (double LogEnergy, BalanceVertex? Active) Evaluate(IReadOnlyDictionary<string, double> logs)
    {
        double best = double.NegativeInfinity; BalanceVertex? arg = null;
        foreach (var v in Vertices)
        {
            double e = v.Energy.LogValue(logs);
            if (e > best + 1e-12) { best = e; arg = v; }
        }
        return (best, arg);
    }

    /// <summary>a ≥ b for all scale variables ≥ 1 (componentwise exponents).</summary>
    public static bool Dominates(Monomial a, Monomial b) =>
        a.Variables.Union(b.Variables).All(v => a[v] >= b[v]);
}
