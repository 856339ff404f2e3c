namespace FeatureScale.Theory.Adaptive;

/// <summary>A local minimum of a scalar action: location, action value (per unit prefactor), curvature, and its
/// normalised mixture weight (including the Laplace factor) for the prefactor used.</summary>
public sealed record LocalMinimum(double Location, double Action, double Curvature, double Weight);
