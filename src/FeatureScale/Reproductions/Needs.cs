namespace FeatureScale.Reproductions;

/// <summary>What reproductions need, as listed by <c>reproduce --list</c>.</summary>
public static class Needs
{
    public const string Trainer = "the Langevin trainer (issue 3)";
    public const string Ldt = "the LDT / large-deviation theory of P* (Theory layer)";
    public const string Patterns = "the feature-learning-pattern engine (Theory layer)";
    public const string Kernels = "empirical NNGP kernels and spectra (Kernels layer)";
    public const string Attention = "a softmax-attention model (Architectures layer)";
    public const string Adaptive = "the adaptive-kernel theory of 2310.03789 (Theory/Adaptive)";
    public const string CrossEntropy = "a cross-entropy Langevin variant for 2-parity (Sampling layer)";
}
