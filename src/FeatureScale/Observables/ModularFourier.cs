using FeatureScale.Numerics;

namespace FeatureScale.Observables;

/// <summary>
/// Fourier order parameters of one hidden neuron of the modular-addition network (2310.03789 §3.2): its input weights
/// split into w_n (n = 0..P−1, first operand) and v_m (second operand), w_k = (1/P) Σ_n w_n e^{2πikn/P}, Φ_k = |w_k|²,
/// Ψ_k = |v_k|² (Eq. 16). Under the prior w_n ~ N(0, 1) each Φ_k (k ≠ 0) is exponential with mean 1/P, so P²Φ_kΨ_k is
/// O(1); a neuron in the droplet (Gromov's cosine solution at frequency k) has P²Φ_kΨ_k = O(P²).
/// </summary>
public static class ModularFourier
{
    /// <summary>max over k = 1..⌊(P−1)/2⌋ of P²Φ_kΨ_k for the weights (length 2P: w then v), and the maximising k.</summary>
    public static (double Peak, int K) PeakOverlap(ReadOnlySpan<double> weights, int p)
    {
        if (weights.Length != 2 * p) throw new ArgumentException($"a modular-addition neuron has 2P = {2 * p} input weights (got {weights.Length})");
        double best = -1; int bestK = 0;
        for (int k = 1; k <= (p - 1) / 2; k++)
        {
            double wr = 0, wi = 0, vr = 0, vi = 0;
            for (int n = 0; n < p; n++)
            {
                double ang = 2 * Math.PI * ((long)k * n % p) / p, c = Math.Cos(ang), s = Math.Sin(ang);
                wr += weights[n] * c; wi += weights[n] * s;
                vr += weights[p + n] * c; vi += weights[p + n] * s;
            }
            double phi = (wr * wr + wi * wi) / ((double)p * p), psi = (vr * vr + vi * vi) / ((double)p * p);
            double z = (double)p * p * phi * psi;
            if (z > best) { best = z; bestK = k; }
        }
        return (best, bestK);
    }

    /// <summary>
    /// The prior's q-quantile of <see cref="PeakOverlap"/> (w_n, v_m ~ N(0, 1)) by Monte Carlo: the threshold above which
    /// a neuron counts as Fourier-specialised (a "droplet").
    /// </summary>
    public static double PriorQuantile(int p, double q = 0.99, int draws = 4000, ulong seed = 1)
    {
        var rng = RandomStream.For(seed, 0, "modular-fourier-prior").Split($"p{p}");
        var w = new double[2 * p];
        var peaks = new double[draws];
        for (int i = 0; i < draws; i++) { rng.FillGaussian(w); peaks[i] = PeakOverlap(w, p).Peak; }
        Array.Sort(peaks);
        return peaks[Math.Min(draws - 1, (int)Math.Floor(q * draws))];
    }
}
