namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// χ-parameterised two-layer linear network (2502.03210, digest §B): f(x) = Σ_i a_i w_i·x, w_i ~ N(0, g_v/d),
/// a_i ~ N(0, g_w/(χN)), likelihood noise κ/χ. χ = 1 is standard scaling, χ = N mean-field scaling.
/// </summary>
public sealed record LinearChiParameters(double Width = 50, double Chi = 1, double Gv = 1, double Gw = 1, double Kappa = 0.1)
{
    /// <summary>σ_a² = g_w/χ.</summary>
    public double SigmaA2 => Gw / Chi;
    /// <summary>σ² = κ/χ.</summary>
    public double Sigma2 => Kappa / Chi;
    /// <summary>Throws a ConfigException for unphysical values.</summary>
    public LinearChiParameters Validated()
    {
        if (!(Width > 0 && Chi > 0 && Gv > 0 && Gw > 0 && Kappa > 0)) throw new ConfigException("linear network: N, chi, g_v, g_w and kappa must be positive");
        return this;
    }
}
