namespace FeatureScale.Analysis;

/// <summary>The result of a collapse measurement.</summary>
/// <param name="Score">Mean over the grid of the across-curve variance of A_f (0 = perfect collapse); NaN if the
/// rescaled curves share no range.</param>
/// <param name="Relative">Score divided by the variance of all interpolated values on the grid (about 1 when the
/// curves are unrelated, 0 when they coincide).</param>
/// <param name="LogRange">The common range of ln(P/P*_pred) the score was computed on.</param>
/// <param name="Curves">Number of curves.</param>
public sealed record CollapseScore(double Score, double Relative, (double Low, double High) LogRange, int Curves);
