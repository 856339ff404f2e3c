namespace FeatureScale.Kernels;

/// <summary>
/// Learning curves of kernel ridge regression / the GP posterior mean from the kernel spectrum alone
/// (eigenlearning, Simon et al. 2023; Canatar, Bordelon &amp; Pehlevan 2021). With operator eigenvalues λ_i, target
/// coefficients v_i and ridge δ, the effective ridge κ_eff solves Σ_i λ_i/(λ_i + κ_eff) + δ/κ_eff = P; the
/// learnabilities are L_i = λ_i/(λ_i + κ_eff); the mean predictor is Σ_i L_i v_i φ_i, so
/// A_f = Σ L_i v_i² / Σ v_i², and the test error is E_0 Σ_i (1 − L_i)² v_i² (+ E_0 ε² for label noise ε²) with
/// E_0 = P/(P − Σ_i L_i²).
/// </summary>
public static class Eigenlearning
{
    /// <summary>One point of a learning curve.</summary>
    public sealed record Prediction(double P, double EffectiveRidge, double Alignment, double TestMse, double MeanFunctionError, double Overfitting);

    /// <summary>
    /// Prediction at P samples for a spectrum given per group: eigenvalue λ_g, multiplicity N_g, and the target power
    /// Σ v_i² in the group (spread evenly over it). <paramref name="tailTrace"/> is the trace of the part of the
    /// spectrum left out (degrees above the truncation), which acts as extra ridge.
    /// </summary>
    public static Prediction Predict(double p, IReadOnlyList<double> eigenvalues, IReadOnlyList<double> multiplicities,
        IReadOnlyList<double> targetPower, double ridge, double tailTrace = 0, double noiseVariance = 0)
    {
        if (p <= 0) throw new ArgumentOutOfRangeException(nameof(p));
        double delta = ridge + tailTrace;
        double Count(double kappa)
        {
            double s = delta / kappa;
            for (int g = 0; g < eigenvalues.Count; g++) s += multiplicities[g] * eigenvalues[g] / (eigenvalues[g] + kappa);
            return s;
        }
        // Count is decreasing in κ; bracket the root of Count(κ) = P on a log scale.
        double lo = 1e-300, hi = 1;
        while (Count(hi) > p) hi *= 10;
        lo = hi / 10;
        while (Count(lo) < p && lo > 1e-300) lo /= 10;
        double kappaEff = delta == 0 && Count(lo) < p ? 0 : Bisect(Count, p, lo, hi);
        double sumL2 = 0, err = 0, learned = 0, total = 0;
        for (int g = 0; g < eigenvalues.Count; g++)
        {
            double l = kappaEff == 0 ? 1 : eigenvalues[g] / (eigenvalues[g] + kappaEff);
            sumL2 += multiplicities[g] * l * l;
            err += (1 - l) * (1 - l) * targetPower[g];
            learned += l * targetPower[g];
            total += targetPower[g];
        }
        double e0 = p / Math.Max(p - sumL2, 1e-300);
        double meanErr = e0 * err;
        return new Prediction(p, kappaEff, total > 0 ? learned / total : 0, meanErr + e0 * noiseVariance, meanErr, e0);
    }

    private static double Bisect(Func<double, double> count, double p, double lo, double hi)
    {
        // Geometric bisection: Count(lo) ≥ p ≥ Count(hi).
        for (int it = 0; it < 200; it++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (count(mid) > p) lo = mid; else hi = mid;
            if (hi / lo - 1 < 1e-13) break;
        }
        return Math.Sqrt(lo * hi);
    }

    /// <summary>
    /// Prediction for an NNGP kernel on high-dimensional Gaussian (or spherical) inputs, using the per-degree
    /// spectrum to <paramref name="maxDegree"/> and the remaining trace as extra ridge. targetPowerByDegree[n] is the
    /// target's squared norm in degree n.
    /// </summary>
    public static Prediction PredictForKernel(NngpKernel kernel, int d, double p, IReadOnlyList<double> targetPowerByDegree, double ridge, int maxDegree = 8)
    {
        var spec = DotProductSpectrum.Compute(kernel, d, maxDegree);
        double trace = kernel.OfOverlap(1), kept = 0;
        foreach (var s in spec) kept += s.Multiplicity * s.Eigenvalue;
        var power = new double[spec.Length];
        for (int n = 0; n < power.Length && n < targetPowerByDegree.Count; n++) power[n] = targetPowerByDegree[n];
        return Predict(p, spec.Select(s => s.Eigenvalue).ToArray(), spec.Select(s => s.Multiplicity).ToArray(), power, ridge, Math.Max(trace - kept, 0));
    }
}
