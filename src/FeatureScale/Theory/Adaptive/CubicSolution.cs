namespace FeatureScale.Theory.Adaptive;

/// <summary>A self-consistent solution (b, c) of the two-mode closure: σ² t̄ = b He₁ + c He₃.</summary>
public sealed record CubicSolution(
    AveragingMethod Method, double Sigma2, double U, double B, double C, double Lambda11, double Lambda13, double Lambda33,
    double DropletWeight, IReadOnlyList<LocalMinimum> Minima, double Residual)
{
    /// <summary>Learned linear component ⟨f̄, He₁⟩ = 1 − b.</summary>
    public double LearnedLinear => 1 - B;
    /// <summary>Learned cubic component ⟨f̄, He₃⟩/6 = ε − c (in units of the teacher's ε He₃).</summary>
    public double LearnedCubic(double epsilon) => epsilon - C;
}
