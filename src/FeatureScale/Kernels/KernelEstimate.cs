namespace FeatureScale.Kernels;

/// <summary>A Monte-Carlo kernel estimate with per-entry standard errors (both n×n row-major).</summary>
public sealed record KernelEstimate(int N, double[] Values, double[] StandardErrors, int Samples);
