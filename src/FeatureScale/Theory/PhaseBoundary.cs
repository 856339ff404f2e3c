namespace FeatureScale.Theory;

/// <summary>A phase boundary between two patterns: E_a = E_b.</summary>
/// <param name="A">First pattern.</param>
/// <param name="B">Second pattern.</param>
/// <param name="Variable">The variable solved for.</param>
/// <param name="Boundary">Variable = Boundary on the phase boundary.</param>
/// <param name="AWinsBelow">True if A has the lower energy for Variable below the boundary.</param>
public sealed record PhaseBoundary(string A, string B, string Variable, Monomial Boundary, bool AWinsBelow)
{
    /// <summary>"N = d^5 (M-Sp wins for N &lt; d^5)".</summary>
    public override string ToString() =>
        $"{Variable} = {Boundary}: {(AWinsBelow ? A : B)} wins for {Variable} < {Boundary}, {(AWinsBelow ? B : A)} above";
}
