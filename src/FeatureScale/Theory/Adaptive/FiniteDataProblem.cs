using FeatureScale.Activations;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// A finite data set for the adaptive-kernel equations: inputs X (n×d, row-major), scalar targets y, width N,
/// input-weight prior variance g_v/d (σ_w² = g_v), readout σ_a², noise σ², and the variance-term switch ν; the hidden
/// activation is any <see cref="FeatureScale.Activations.Activation"/> (its value and derivative).
/// </summary>
public sealed record FiniteDataProblem(double[] X, double[] Y, int Samples, int Dimension, Activation Activation,
    double Width, double Gv, double SigmaA2, double Sigma2, double Variance = 0);
