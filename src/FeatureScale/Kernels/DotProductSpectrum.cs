namespace FeatureScale.Kernels;

/// <summary>
/// The dot-product form of an NNGP kernel for high-dimensional Gaussian inputs (|x|²/d → 1):
/// K(x, x′) = Σ_n a_n tⁿ, t = x·x′/d, obtained by composing Mehler expansions layer by layer
/// (E[σ(u)σ(v)] = Σ_n α_n(q)² ρⁿ with α_n the Hermite coefficients of σ under N(0, q)); its eigenvalue per degree
/// and multiplicity; and the RKHS norms of Hermite targets (§3.5: ⟨He_m, K, He_m⟩ = O(d^{−m})).
/// </summary>
public static class DotProductSpectrum
{
    /// <summary>
    /// a_0 … a_maxDegree of K(t) = Σ a_n tⁿ. <paramref name="hermiteDegrees"/> Hermite terms per layer are summed
    /// (enough for ReLU-type kernels, whose composed series has a non-zero constant term).
    /// </summary>
    public static double[] Coefficients(NngpKernel kernel, int maxDegree, int hermiteDegrees = 160)
    {
        if (maxDegree < 0) throw new ConfigException("max degree must be ≥ 0");
        int m = maxDegree;
        // ρ(t) = K_0(t)/q_0 = t.
        var rho = new double[m + 1];
        if (m >= 1) rho[1] = 1;
        double q = kernel.Sigma2[0];
        var k = new double[m + 1];
        if (kernel.Depth == 1) { if (m >= 1) k[1] = q; return k; }
        for (int l = 1; l < kernel.Depth; l++)
        {
            double s = kernel.Sigma2[l];
            bool odd = rho[0] == 0;
            int h = odd ? Math.Max(m, 1) : Math.Max(m, hermiteDegrees);
            var alpha = kernel.Activation.HermiteCoefficients(h, q);
            Array.Clear(k);
            var power = new double[m + 1]; power[0] = 1; // ρ⁰
            for (int n = 0; n <= h; n++)
            {
                double w = s * alpha[n] * alpha[n];
                if (w != 0) for (int j = 0; j <= m; j++) k[j] += w * power[j];
                if (n < h) power = Multiply(power, rho, m);
            }
            double qNext = s * kernel.Activation.Covariance(q, q, q);
            for (int j = 0; j <= m; j++) rho[j] = k[j] / qNext;
            q = qNext;
        }
        return k;
    }

    /// <summary>
    /// μ_{m,n}(d): the degree-n eigenvalue of the kernel (x̂·x̂′)^m on the unit sphere S^{d−1} (probability measure),
    /// m!Γ(d/2)/(2^m ((m−n)/2)! Γ((m+n+d)/2)) for m − n even and ≥ 0, else 0. Σ_n N(d,n) μ_{m,n} = 1.
    /// </summary>
    public static double MonomialEigenvalue(int m, int n, int d)
    {
        if (n > m || ((m - n) & 1) == 1) return 0;
        int k = (m - n) / 2;
        double log = 0;
        for (int i = 2; i <= m; i++) log += Math.Log(i);
        log -= m * Math.Log(2);
        for (int i = 2; i <= k; i++) log -= Math.Log(i);
        for (int j = 0; j < n + k; j++) log -= Math.Log(d / 2.0 + j);
        return Math.Exp(log);
    }

    /// <summary>N(d, n) = C(n+d−1, n) − C(n+d−3, n−2): the number of independent degree-n spherical harmonics.</summary>
    public static double Multiplicity(int n, int d)
    {
        if (n == 0) return 1;
        if (d == 1) return n <= 1 ? 1 : 0;
        return Binomial(n + d - 1, n) - (n >= 2 ? Binomial(n + d - 3, n - 2) : 0);
    }

    private static double Binomial(int a, int b)
    {
        if (b < 0 || b > a) return 0;
        double r = 1;
        for (int i = 1; i <= b; i++) r = r * (a - b + i) / i;
        return Math.Round(r);
    }

    /// <summary>
    /// The spectrum for degrees 0 … maxDegree in dimension d. Eigenvalues sum the series to degree
    /// maxDegree + <paramref name="extraDegrees"/>.
    /// </summary>
    public static SpectrumDegree[] Compute(NngpKernel kernel, int d, int maxDegree, int extraDegrees = 40)
    {
        if (d < 1) throw new ConfigException("dimension d must be ≥ 1");
        var a = Coefficients(kernel, maxDegree + extraDegrees);
        var result = new SpectrumDegree[maxDegree + 1];
        for (int n = 0; n <= maxDegree; n++)
        {
            double lambda = 0;
            for (int m = n; m < a.Length; m += 2) lambda += a[m] * MonomialEigenvalue(m, n, d);
            double leading = a[n] * Math.Exp(LogFactorial(n) - n * Math.Log(d));
            result[n] = new SpectrumDegree(n, a[n], lambda, leading, Multiplicity(n, d));
        }
        return result;
    }

    /// <summary>
    /// GP RKHS norms of a unit-norm degree-m Hermite target y (e.g. h_m(w·x) = He_m(w·x)/√m! for large d, or any
    /// degree-m harmonic): ⟨y, K, y⟩ = λ_m and ⟨y, K⁻¹, y⟩ = 1/λ_m, so both scale as d^{∓m}.
    /// </summary>
    public static (double Quadratic, double Inverse) HermiteTargetNorms(NngpKernel kernel, int m, int d)
    {
        var spec = Compute(kernel, d, m);
        double lambda = spec[m].Eigenvalue;
        return (lambda, 1 / lambda);
    }

    private static double LogFactorial(int n)
    {
        double s = 0;
        for (int i = 2; i <= n; i++) s += Math.Log(i);
        return s;
    }

    // (a·b) truncated at degree m.
    private static double[] Multiply(double[] a, double[] b, int m)
    {
        var c = new double[m + 1];
        for (int i = 0; i <= m; i++)
        {
            if (a[i] == 0) continue;
            for (int j = 0; i + j <= m; j++) c[i + j] += a[i] * b[j];
        }
        return c;
    }
}
