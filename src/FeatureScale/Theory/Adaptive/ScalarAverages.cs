namespace FeatureScale.Theory.Adaptive;

/// <summary>Averages of observables over a density ∝ exp(−scale·S(q)), with the method used, the minima of S,
/// (Monte Carlo only) standard errors, and (where integrated directly) the probability mass of the nonzero wells.</summary>
public sealed record ScalarAverages(AveragingMethod Method, double[] Values, IReadOnlyList<LocalMinimum> Minima, double[]? StandardErrors = null, double? DropletMass = null);
