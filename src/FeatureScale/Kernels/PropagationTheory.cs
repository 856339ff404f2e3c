using FeatureScale.Numerics;

namespace FeatureScale.Kernels;

/// <summary>
/// The idealised curves of Figs. 5–6 (i.i.d. N(0, I_d) inputs, ReLU, no layer norm) in the limit N1, N2, P → ∞:
/// the next layer's ⟨Φ|K|Φ⟩ and ⟨Φ|K⁻¹|Φ⟩ of Φ = Φ*^m (mean removed, unit norm) against the boost D.
/// <para>
/// Derivation (docs/guide/kernels.md, "The idealised propagation curve"). With W1 ~ N(0, I/d) the first-layer
/// kernel is the arc-cosine kernel K1(x, x') = A(|x|²/d, |x'|²/d, x·x'/d), A(q, q', c) = E[ReLU(u)ReLU(v)] =
/// √(qq') κ(c/√(qq')), κ(ρ) = (√(1−ρ²) + ρ(π − arccos ρ))/(2π). Its degree-1 part is exactly (x·x')/(4d) (Stein:
/// E_x'[K1(x, x') v·x'] = v·x/(4d)), so the rank-d/2 mode is a linear function Φ* = t = v·x, |v| = 1, with
/// λ* = 1/(4d), and Φ = Φ*² − 1 normalised is He₂(t)/√2. The boosted second-layer pre-activation covariance is
/// Q(x, x') = K1(x, x') + (D − 1) λ* t t', and K2(x, x') = A(Q(x, x), Q(x', x'), Q(x, x')).
/// Writing x = t v + x⊥, everything depends on x only through t, |x⊥|² and x⊥·x'⊥; this type replaces
/// |x⊥|² ~ χ²_{d−1} by (d − 1) + √(2(d − 1)) s and x⊥·x'⊥ by |x⊥||x'⊥| r/√(d − 1), with s, r ~ N(0, 1)
/// (accurate to O(1/d); checked against the exact χ² and cosine distributions in the tests), and integrates over
/// (t, s, t', s', r) with Gauss–Hermite rules.
/// </para>
/// <para>
/// ⟨Φ|K|Φ⟩ = E[Φ(x) K2(x, x') Φ(x')] is then a quadrature. ⟨Φ|K⁻¹|Φ⟩ needs the kernel on more than Φ: Φ = He₂(t)/√2
/// overlaps the radial function U = |x|² − d (norm² 2d, overlap √2), which K2 carries with an eigenvalue O(1/d),
/// d times that of Φ. To leading order in 1/d, K2 restricted to functions of t and |x| is a rank-2 form on
/// span{U, He₂(t)}; its RKHS norm of Φ is the 2×2 Galerkin value bᵀM⁻¹b, M_ij = ⟨F_i|K2|F_j⟩, b = (⟨U, Φ⟩,
/// ⟨Φ, Φ⟩) = (√2, 1), F = (U, Φ), which this type reports (a lower bound on the exact value). The radial mode
/// makes ⟨Φ|K|Φ⟩⁻¹ and ⟨Φ|K⁻¹|Φ⟩ differ even here.
/// </para>
/// <para>
/// d → ∞ at fixed D (Taylor expansion of A about q = 1/2, c = 1/(2π), ρ₀ = 1/π; k = κ''(ρ₀) = 1/(2√(π² − 1)),
/// g = κ'(ρ₀) = (π − arccos ρ₀)/(2π), κ₀ = κ(ρ₀)):
/// d² ⟨Φ|K|Φ⟩ → (k/8)[(3/2)D² + (1 − 2/π²)D + 1/2] + 3g/(4π) and
/// d² / ⟨Φ|K⁻¹|Φ⟩ → (k − m²/κ₀)(D − 1)²/16 + kD²/8 + g/(2π), m = k(1 − 1/π²);
/// numerically 0.0315 D² + 0.0167 D + 0.0825 and 0.0257 D² − 0.0095 D + 0.0527. So both fall as D⁻² only for
/// D² ≫ 2.6 (resp. 2): the local slope of ⟨Φ|K⁻¹|Φ⟩ is −2·0.0257D²/(0.0257D² + …) ≈ −2D²/(2 + D²). At finite d
/// the boost term (D − 1)λ* t² ~ D/(4d) in the variance flattens the curve: the local slope returns to −1 for
/// D ≫ d (ReLU is homogeneous: K2 then grows like D). For m = 1 the degree-1 part of K2 is g·Dλ*·t t', so both
/// quantities fall as exactly D⁻¹ at large d.
/// </para>
/// </summary>
public static class PropagationTheory
{
    private static readonly double K2nd = 1 / (2 * Math.Sqrt(Math.PI * Math.PI - 1));
    private static readonly double G1st = (Math.PI - Math.Acos(1 / Math.PI)) / (2 * Math.PI);

    /// <summary>Whether the idealised curve applies: i.i.d. inputs, ReLU, no layer norm, mode in the linear block,
    /// m ∈ {1, 2}.</summary>
    public static bool Applies(PropagationConfig c) =>
        c.Act.Equals("relu", StringComparison.OrdinalIgnoreCase) && !c.LayerNorm && c.CovarianceExponent == 0
        && (c.ModeRank == 0 || (c.ModeRank >= 2 && c.ModeRank <= c.D + 1)) && c.Power is (1 or 2) && c.D >= 8;

    /// <summary>E[ReLU(u)ReLU(v)], (u, v) Gaussian with variances q1, q2, covariance c (arc-cosine kernel).</summary>
    public static double ArcCosine(double q1, double q2, double c)
    {
        double s = Math.Sqrt(q1 * q2);
        if (!(s > 0)) return 0;
        double rho = Math.Clamp(c / s, -1, 1);
        return s * (Math.Sqrt(1 - rho * rho) + rho * (Math.PI - Math.Acos(rho))) / (2 * Math.PI);
    }

    /// <summary>lim_{d→∞} d²⟨Φ|K|Φ⟩ at fixed D for Φ = He₂(t)/√2 (closed form; see the type's remarks).</summary>
    public static double LargeDQuadratic(double boost) =>
        K2nd / 8 * (1.5 * boost * boost + (1 - 2 / (Math.PI * Math.PI)) * boost + 0.5) + 3 * G1st / (4 * Math.PI);

    /// <summary>lim_{d→∞} d²/⟨Φ|K⁻¹|Φ⟩ at fixed D for Φ = He₂(t)/√2 (closed form of the 2×2 Galerkin value).
    /// </summary>
    public static double LargeDInverseRkhs(double boost)
    {
        double m = K2nd * (1 - 1 / (Math.PI * Math.PI)), kappa0 = m + G1st / Math.PI;
        return (K2nd - m * m / kappa0) * (boost - 1) * (boost - 1) / 16 + K2nd * boost * boost / 8
            + G1st / (2 * Math.PI);
    }

    /// <summary>
    /// The idealised point at input dimension d and boost D for Φ = Φ*^power (power 1 or 2): ⟨Φ|K|Φ⟩⁻¹ and the
    /// Galerkin ⟨Φ|K⁻¹|Φ⟩ on span{|x|² − d, Φ} (for power 1, Φ = t is odd, the span is {Φ} alone and the two agree).
    /// Gauss–Hermite rules with <paramref name="nodes"/> nodes in t, t' and <paramref name="radialNodes"/> in s, s', r
    /// (32 and 10: ⟨Φ|K|Φ⟩ to ≈ 0.1% for D ≤ 512; for D ≫ d the kernel's kink at ρ = ±1 slows the t-rule, 0.5% at
    /// D = 4096, d = 120). The Gaussian stand-in for χ²_{d−1} is cut at |x⊥|² ≤ 0, which loses weight for d ≲ 30.
    /// </summary>
    public static PropagationTheoryPoint Idealised(int d, double boost, int power = 2, int nodes = 32,
        int radialNodes = 10)
    {
        if (d < 8) throw new ArgumentOutOfRangeException(nameof(d), "the idealised curve needs d ≥ 8");
        if (power is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(power), "power must be 1 or 2");
        if (!(boost > 0)) throw new ArgumentOutOfRangeException(nameof(boost), "the boost D must be positive");
        var rt = GaussHermite.Normal(nodes);
        var rs = GaussHermite.Normal(radialNodes);
        double lam = 1.0 / (4 * d), m = d - 1, sq = Math.Sqrt(2 * m), extra = (boost - 1) * lam;
        // Outer grid (t, s): index a = i·ns + j.
        int nt = nodes, ns = radialNodes, n = nt * ns;
        var t = new double[n]; var perp = new double[n]; var w = new double[n];
        var u = new double[n]; var phi = new double[n];
        for (int i = 0; i < nt; i++)
            for (int j = 0; j < ns; j++)
            {
                int a = i * ns + j;
                t[a] = rt.Nodes[i];
                perp[a] = m + sq * rs.Nodes[j];
                w[a] = perp[a] > 0 ? rt.Weights[i] * rs.Weights[j] : 0;
                u[a] = t[a] * t[a] - 1 + sq * rs.Nodes[j];
                phi[a] = power == 2 ? (t[a] * t[a] - 1) / Math.Sqrt(2) : t[a];
            }
        double muu = 0, mup = 0, mpp = 0;
        for (int a = 0; a < n; a++)
        {
            if (w[a] == 0) continue;
            double n1 = (perp[a] + t[a] * t[a]) / d, q1 = n1 / 2 + extra * t[a] * t[a];
            double su = 0, sp = 0;
            for (int b = 0; b < n; b++)
            {
                if (w[b] == 0) continue;
                double n2 = (perp[b] + t[b] * t[b]) / d, q2 = n2 / 2 + extra * t[b] * t[b];
                double tt = t[a] * t[b], scale = Math.Sqrt(perp[a] * perp[b] / m), k = 0;
                for (int r = 0; r < ns; r++)
                {
                    double c1 = (scale * rs.Nodes[r] + tt) / d;
                    double q12 = ArcCosine(n1, n2, c1) + extra * tt;
                    k += rs.Weights[r] * ArcCosine(q1, q2, q12);
                }
                k *= w[b];
                su += k * u[b]; sp += k * phi[b];
            }
            muu += w[a] * u[a] * su; mup += w[a] * phi[a] * su; mpp += w[a] * phi[a] * sp;
        }
        double rkhs = power == 2 ? (2 * mpp - 2 * Math.Sqrt(2) * mup + muu) / (muu * mpp - mup * mup) : 1 / mpp;
        return new PropagationTheoryPoint(boost, 1 / mpp, rkhs);
    }

    /// <summary>The idealised curve over the given boosts.</summary>
    public static IReadOnlyList<PropagationTheoryPoint> Curve(int d, IEnumerable<double> boosts, int power = 2) =>
        boosts.Select(b => Idealised(d, b, power)).ToArray();

    /// <summary>Local log-log slopes between consecutive points of (x, y): entry i is from point i to i + 1.</summary>
    public static double[] LocalSlopes(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("x and y differ in length");
        var s = new double[Math.Max(0, x.Count - 1)];
        for (int i = 0; i < s.Length; i++) s[i] = Math.Log(y[i + 1] / y[i]) / Math.Log(x[i + 1] / x[i]);
        return s;
    }
}
