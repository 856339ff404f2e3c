namespace FeatureScale.Kernels;

/// <summary>One degree n of a dot-product kernel's spectrum.</summary>
/// <param name="N">Polynomial degree n.</param>
/// <param name="Coefficient">a_n in K(x, x′) = Σ_n a_n (x·x′/d)ⁿ.</param>
/// <param name="Eigenvalue">Eigenvalue of the degree-n eigenspace for inputs uniform on the sphere |x|² = d (the
/// high-dimensional limit of x ~ N(0, I_d)), with respect to the probability measure: λ_n = Σ_k a_{n+2k} μ_{n+2k,n}(d).</param>
/// <param name="EigenvalueLeading">Leading order in 1/d: n! a_n / dⁿ (the scaling the paper uses).</param>
/// <param name="Multiplicity">Dimension of the degree-n spherical harmonics in d dimensions.</param>
public sealed record SpectrumDegree(int N, double Coefficient, double Eigenvalue, double EigenvalueLeading, double Multiplicity);
