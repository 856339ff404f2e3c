using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Kernels;

/// <summary>
/// Figs. 5–6: boosting the variance of one first-layer kernel mode by D (Gaussian feature learning, Eq. 12) makes
/// the RKHS norm of its square in the next layer's kernel fall as D⁻² (Claim ii, m = 2), with ⟨Φ|K|Φ⟩⁻¹ tracking
/// ⟨Φ|K⁻¹|Φ⟩. Procedure (App. C.5): empirical kernel K1 = F1F1ᵀ/N1 of the first layer on P points; Φ* = its
/// eigenfunction of rank d/2; the read-out a with Φ*(x_ν) = Σ_i a_i F1_νi (least squares, exact since Φ* lies in
/// the span of the features); next-layer rows W_i ~ N(0, I/N1 + (D−1) â âᵀ/N1); K2 = F2F2ᵀ/N2 with F2 = σ(F1W2ᵀ);
/// RKHS norm of Φ*² − mean with the numerically zero eigenvalues of K2 (P − N2 of them) dropped.
/// </summary>
public static class KernelPropagation
{
    /// <summary>Runs the experiment.</summary>
    public static PropagationResult Run(PropagationConfig c, IProgressSink? progress = null)
    {
        progress ??= NullProgress.Instance;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (c.D < 2 || c.N1 < 1 || c.N2 < 1 || c.P < 2) throw new ConfigException("propagation needs d ≥ 2, N1, N2 ≥ 1, P ≥ 2");
        int rank = c.ModeRank > 0 ? c.ModeRank : c.D / 2;
        if (rank > Math.Min(c.P, c.N1)) throw new ConfigException($"mode rank {rank} exceeds the first-layer kernel's rank");
        var act = Activation.Parse(c.Act);
        var x = Inputs(c);
        // First layer: W1 ~ N(0, 1/d).
        var w1 = new double[c.N1 * c.D];
        RandomStream.For(c.Seed, 0, "propagation-w1").FillGaussian(w1, 0, 1 / Math.Sqrt(c.D));
        var f1 = EmpiricalKernel.Features(x, c.P, c.D, w1, c.N1, act);
        if (c.LayerNorm) LayerNormalise(f1, c.P, c.N1);
        progress.Report(0.05, "first-layer kernel");
        // Eigenpairs of K1 via the feature side: F1/√N1 = U S Vᵀ, K1 = U S² Uᵀ, Φ* = √P u_k, â = v_k.
        var (phiStar, aHat, lambdaMatrix) = Mode(f1, c.P, c.N1, rank);
        // Φ = Φ*^m (m = 2 in the paper, 1 the control), mean removed, unit norm under the empirical measure.
        if (c.Power is not (1 or 2)) throw new ConfigException($"power m must be 1 or 2 (got {c.Power})");
        var phi = phiStar.Select(v => c.Power == 2 ? v * v : v).ToArray();
        double mean = phi.Average();
        for (int i = 0; i < phi.Length; i++) phi[i] -= mean;
        double norm = Math.Sqrt(KernelEigensystem.Norm2(phi));
        for (int i = 0; i < phi.Length; i++) phi[i] /= norm;
        // Second layer: W2 = G/√N1 (I + (√D − 1) â âᵀ) ⇒ rows ~ N(0, (I + (D − 1) â âᵀ)/N1); pre-activations
        // H2 = B + (√D − 1)/√N1 (F1 â)(G â)ᵀ with B = F1 Gᵀ/√N1 shared by every D (common random numbers).
        var g = new double[c.N2 * c.N1];
        RandomStream.For(c.Seed, 0, "propagation-w2").FillGaussian(g);
        var b = new double[c.P * c.N2];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, c.P, c.N2, c.N1, 1 / Math.Sqrt(c.N1), f1, c.N1, g, c.N1, 0, b, c.N2);
        var u = new double[c.P]; LinearAlgebra.Provider.Gemv(Transpose.No, c.P, c.N1, 1, f1, c.N1, aHat, 0, u);
        var ga = new double[c.N2]; LinearAlgebra.Provider.Gemv(Transpose.No, c.N2, c.N1, 1, g, c.N1, aHat, 0, ga);
        var points = new List<PropagationPoint>();
        var h2 = new double[c.P * c.N2];
        for (int t = 0; t < c.Boosts.Length; t++)
        {
            double boost = c.Boosts[t];
            if (!(boost > 0)) throw new ConfigException("boosts D must be positive");
            double coef = (Math.Sqrt(boost) - 1) / Math.Sqrt(c.N1);
            b.CopyTo(h2, 0);
            for (int i = 0; i < c.P; i++)
                LinearAlgebra.Provider.Axpy(coef * u[i], ga, h2.AsSpan(i * c.N2, c.N2));
            act.Apply(h2, h2);
            var (rkhs, quad, r) = Norms(h2, c.P, c.N2, phi);
            double offDiagonal = OffDiagonalQuadratic(h2, c.P, c.N2, phi, quad);
            points.Add(new PropagationPoint(boost, rkhs, 1 / quad, r)
            {
                InverseQuadraticOffDiagonal = 1 / offDiagonal,
                OffDiagonalRelativeError = OffDiagonalRelativeError(h2, c.P, c.N2, phi, offDiagonal),
            });
            progress.Report(0.1 + 0.9 * (t + 1) / c.Boosts.Length, FormattableString.Invariant($"D = {boost:0.##}: <Phi|K^-1|Phi> = {rkhs:0.###E+0}"));
        }
        var fitPts = points.Where(p => p.Boost >= c.FitMin && p.Boost <= c.FitMax).ToArray();
        double slope = double.NaN, se = double.NaN, qslope = double.NaN;
        if (fitPts.Length >= 2)
        {
            var lx = fitPts.Select(p => Math.Log(p.Boost)).ToArray();
            var fit = LinearFit.Fit(lx, fitPts.Select(p => Math.Log(p.RkhsNorm)).ToArray());
            slope = fit.Slope; se = fit.SlopeStdError;
            qslope = LinearFit.Fit(lx, fitPts.Select(p => Math.Log(p.InverseQuadratic)).ToArray()).Slope;
        }
        double oslope = fitPts.Length >= 2 && fitPts.All(p => p.InverseQuadraticOffDiagonal > 0)
            ? LinearFit.Fit(fitPts.Select(p => Math.Log(p.Boost)).ToArray(),
                fitPts.Select(p => Math.Log(p.InverseQuadraticOffDiagonal)).ToArray()).Slope
            : double.NaN;
        double steep = 0, qsteep = 0;
        for (int i = 1; i < points.Count; i++)
        {
            double dl = Math.Log(points[i].Boost / points[i - 1].Boost);
            if (dl <= 0) continue;
            steep = Math.Min(steep, Math.Log(points[i].RkhsNorm / points[i - 1].RkhsNorm) / dl);
            qsteep = Math.Min(qsteep, Math.Log(points[i].InverseQuadratic / points[i - 1].InverseQuadratic) / dl);
        }
        return new PropagationResult(c, lambdaMatrix / c.P, points, slope, se, qslope, steep, qsteep,
            clock.Elapsed.TotalSeconds)
        {
            OffDiagonalQuadraticSlope = oslope,
        };
    }

    /// <summary>
    /// ⟨Φ|K|Φ⟩ without its ν = μ terms, Σ_{ν≠μ} Φ_ν K̃_νμ Φ_μ / (P(P − 1)), for K = F Fᵀ/N on P points (F P×N) and a
    /// Φ with Σ_ν Φ_ν = 0, where K̃ = HKH is K centred over the data (features minus their column means;
    /// H = I − 11ᵀ/P), so that φᵀK̃φ = φᵀKφ. The plain estimator's diagonal adds Σ_ν Φ_ν² K_νν / P² ≈
    /// E[Φ² K(x, x)]/P, which swamps ⟨Φ|K|Φ⟩ when that is below O(1/P) (ReLU at small D: about 10⁻⁵ at d = 120).
    /// Centring matters because Φ's mean is removed on the sample: without it, the constant and row-mean parts of K
    /// enter the off-diagonal sum as Σ_{ν≠μ}Φ_νΦ_μ(k̄ + a_ν + a_μ) = −Σ_ν Φ_ν²(k̄ + 2a_ν), a bias −E[Φ²(k̄ + 2a)]/P
    /// that made the estimate negative for D ≤ 4 at the paper's size. <paramref name="quadratic"/> is the plain
    /// estimator φᵀKφ/P² (<see cref="Norms"/>).
    /// </summary>
    public static double OffDiagonalQuadratic(double[] f, int p, int n, double[] phi, double quadratic)
    {
        var mean = ColumnMeans(f, p, n);
        var centred = new double[n];
        double diagonal = 0;
        for (int i = 0; i < p; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Subtract(f.AsSpan(i * n, n), mean, centred);
            diagonal += phi[i] * phi[i] * System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(centred) / n;
        }
        return (quadratic * p * p - diagonal) / ((double)p * (p - 1));
    }

    private static double[] ColumnMeans(double[] f, int p, int n)
    {
        var mean = new double[n];
        for (int i = 0; i < p; i++)
            System.Numerics.Tensors.TensorPrimitives.Add(mean, f.AsSpan(i * n, n), mean);
        System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1.0 / p, mean);
        return mean;
    }

    /// <summary>Feature groups behind <see cref="OffDiagonalRelativeError"/>.</summary>
    public const int ErrorGroups = 4;

    /// <summary>
    /// Relative standard error of <see cref="OffDiagonalQuadratic"/> from the scatter of its value on
    /// <see cref="ErrorGroups"/> disjoint groups of the N features (columns of F): SE = sd(groups)/√groups, divided
    /// by |<paramref name="offDiagonal"/>|. It measures the noise of the finite width N (independent neurons), not
    /// that of the P data points, which the groups share. NaN when N &lt; 2 groups' worth of features.
    /// </summary>
    public static double OffDiagonalRelativeError(double[] f, int p, int n, double[] phi, double offDiagonal)
    {
        int g = ErrorGroups;
        if (n < 2 * g) return double.NaN;
        var mean = ColumnMeans(f, p, n);
        var proj = new double[n]; // Σ_ν φ_ν F_νi
        var diag = new double[n]; // Σ_ν φ_ν² (F_νi − F̄_i)²
        for (int v = 0; v < p; v++)
        {
            var row = f.AsSpan(v * n, n);
            double a = phi[v], a2 = a * a;
            for (int i = 0; i < n; i++)
            {
                double c = row[i] - mean[i];
                proj[i] += a * c; diag[i] += a2 * c * c;
            }
        }
        var e = new double[g];
        for (int k = 0; k < g; k++)
        {
            int from = k * n / g, to = (k + 1) * n / g;
            double s = 0;
            for (int i = from; i < to; i++) s += proj[i] * proj[i] - diag[i];
            e[k] = s / (to - from) / ((double)p * (p - 1));
        }
        double avg = e.Average(), var = e.Sum(x => (x - avg) * (x - avg)) / (g - 1);
        return Math.Sqrt(var / g) / Math.Abs(offDiagonal);
    }

    /// <summary>P×d Gaussian inputs, i.i.d. or with covariance eigenvalues ∝ k^−α (trace d).</summary>
    public static double[] Inputs(PropagationConfig c)
    {
        var x = new double[c.P * c.D];
        RandomStream.For(c.Seed, 0, "propagation-x").FillGaussian(x);
        if (c.CovarianceExponent > 0)
        {
            var scale = Enumerable.Range(1, c.D).Select(k => Math.Pow(k, -c.CovarianceExponent)).ToArray();
            double tr = scale.Sum();
            for (int k = 0; k < c.D; k++) scale[k] = Math.Sqrt(scale[k] * c.D / tr);
            for (int i = 0; i < c.P; i++)
                for (int k = 0; k < c.D; k++) x[i * c.D + k] *= scale[k];
        }
        return x;
    }

    /// <summary>Layer norm across neurons for each input (row): zero mean, unit variance.</summary>
    public static void LayerNormalise(double[] f, int p, int n)
    {
        for (int i = 0; i < p; i++)
        {
            var row = f.AsSpan(i * n, n);
            double m = System.Numerics.Tensors.TensorPrimitives.Sum<double>(row) / n;
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, m, row);
            double v = System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(row) / n;
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1 / Math.Sqrt(v + 1e-12), row);
        }
    }

    // The rank-k mode of K1 = F Fᵀ/N (F P×N): Φ* on the points (unit norm), â (unit), and the matrix eigenvalue.
    private static (double[] Phi, double[] AHat, double Lambda) Mode(double[] f, int p, int n, int rank)
    {
        var gram = new double[n * n];
        LinearAlgebra.Provider.Syrk(Transpose.Yes, n, p, 1.0 / n, f, n, 0, gram, n); // Fᵀ F / N (N×N)
        var w = new double[n];
        LinearAlgebra.Provider.SymmetricEigen(gram, n, w);
        int col = n - rank;
        var aHat = new double[n];
        for (int i = 0; i < n; i++) aHat[i] = gram[i * n + col];
        var phi = new double[p];
        LinearAlgebra.Provider.Gemv(Transpose.No, p, n, 1, f, n, aHat, 0, phi);
        // u = F â /(√N s) with s² = w; Φ* = √P u.
        double s = Math.Sqrt(w[col] * n);
        for (int i = 0; i < p; i++) phi[i] *= Math.Sqrt(p) / s;
        return (phi, aHat, w[col]);
    }

    /// <summary>
    /// For K = F Fᵀ/N on P points (F P×N) and a unit-norm Φ: (⟨Φ|K⁻¹|Φ⟩ with the pseudo-inverse, ⟨Φ|K|Φ⟩, rank kept).
    /// Uses the smaller of the P×P and N×N eigenproblems (they share the non-zero spectrum).
    /// </summary>
    public static (double Rkhs, double Quadratic, int Rank) Norms(double[] f, int p, int n, double[] phi, double relativeCutoff = 1e-10)
    {
        if (p <= n)
        {
            var es = new KernelEigensystem(EmpiricalKernel.FromFeatures(f, p, n), p, relativeCutoff);
            return (es.RkhsNorm(phi), es.Quadratic(phi), es.Rank);
        }
        var gram = new double[n * n];
        LinearAlgebra.Provider.Syrk(Transpose.Yes, n, p, 1.0 / n, f, n, 0, gram, n);
        var w = new double[n];
        LinearAlgebra.Provider.SymmetricEigen(gram, n, w);
        var ft = new double[n]; // Fᵀφ
        LinearAlgebra.Provider.Gemv(Transpose.Yes, p, n, 1, f, n, phi, 0, ft);
        var proj = new double[n]; // v_iᵀ Fᵀ φ
        LinearAlgebra.Provider.Gemv(Transpose.Yes, n, n, 1, gram, n, ft, 0, proj);
        double cutoff = relativeCutoff * Math.Max(w[^1], 0), rkhs = 0;
        int rank = 0;
        for (int i = 0; i < n; i++)
        {
            if (w[i] <= cutoff) continue;
            rank++;
            // u_i·φ = (v_i·Fᵀφ)/√(N w_i); contribution (u_i·φ)²/w_i.
            double c2 = proj[i] * proj[i] / (n * w[i]);
            rkhs += c2 / w[i];
        }
        double quadratic = LinearAlgebra.Provider.Dot(ft, ft) / n / ((double)p * p);
        return (rkhs, quadratic, rank);
    }
}
