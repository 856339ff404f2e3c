namespace FeatureScale.Architectures;

/// <summary>The data term of a posterior: squared error (Eq. 2) or cross-entropy (App. A.2, Eq. 23).</summary>
public enum OutputLoss
{
    /// <summary>L = ½ Σ_μ Σ_c (f_c(x_μ) − y_{μc})²; exp(−L/κ) is Eq. 2's likelihood.</summary>
    SquaredError,
    /// <summary>
    /// L = ½ Σ_μ [−log softmax(f(x_μ))_{c(x_μ)}], so that exp(−L/κ) = exp(−CE/(2κ)) is Eq. 23's likelihood.
    /// (The paper writes f_c + log Σ_j e^{−f_j}, i.e. logits −f; the prior is symmetric under f → −f, so the
    /// posterior over |f| and over hidden weights is the same.)
    /// </summary>
    CrossEntropy,
}
