namespace FeatureScale.Numerics;

/// <summary>Result of an adaptive integration: value, error estimate and number of function evaluations.</summary>
public readonly record struct IntegrationResult(double Value, double ErrorEstimate, int Evaluations);
