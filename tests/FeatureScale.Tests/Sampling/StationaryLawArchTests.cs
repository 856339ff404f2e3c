using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using MathNet.Numerics.LinearAlgebra;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Sampling;

/// <summary>
/// With A frozen, the attention layer is linear in w: f = Φ w, so the posterior of w (Eq. 2 with the prior
/// N(0, 1/(dH))) is Gaussian with precision ΦᵀΦ/κ + dH·I and mean Σ Φᵀy/κ. The Langevin chain on the real model
/// must reproduce that mean and those variances.
/// </summary>
public class StationaryLawArchTests
{
    [Fact]
    public void AttentionReadoutPosteriorWithFrozenAttentionMatchesClosedForm()
    {
        int d = 3, L = 4, H = 2, P = 12;
        double kappa = 0.5;
        var arch = new AttentionArchitecture(d, L, H);
        var (x, y) = AttentionData.Draw(P, L, d, RandomStream.For(5, 0, "data"));
        var model = new AttentionHead<double>(arch, x, y, P);
        var theta = new double[arch.ParameterCount];
        LangevinSampler<double>.DrawPrior(model, theta, RandomStream.For(5, 0, "init"));
        for (int i = 0; i < H * d * d; i++) theta[i] *= 3; // non-uniform attention
        int nw = H * d, offW = H * d * d;
        // Φ[p, k] = f_p at w = e_k (f is linear in w).
        var phi = Matrix<double>.Build.Dense(P, nw);
        for (int k = 0; k < nw; k++)
        {
            var t = (double[])theta.Clone();
            Array.Clear(t, offW, nw);
            t[offW + k] = 1;
            var f = model.Forward(t);
            for (int p = 0; p < P; p++) phi[p, k] = f[p];
        }
        double priorVar = model.Blocks[1].PriorVariance;
        Assert.Equal(1.0 / (d * H), priorVar, 12);
        var precision = phi.TransposeThisAndMultiply(phi) / kappa + Matrix<double>.Build.DenseIdentity(nw) / priorVar;
        var cov = precision.Inverse();
        var mean = cov * (phi.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(y)) / kappa);

        var eig = precision.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray();
        double lmax = kappa * eig.Max(), lmin = kappa * eig.Min();
        double eta = 0.05 / lmax; // discretisation bias O(ηλ) ≈ 2–3 % on the variances
        Assert.True(lmax / lmin < 40, $"ill-conditioned test posterior (λ ratio {lmax / lmin:G3}); mixing would be slow");
        var sampler = new LangevinSampler<double>(model, eta, kappa, [0]);
        var noise = RandomStream.For(5, 0, "noise");
        int burn = 5000, steps = 200000;
        var sum = new double[nw]; var sq = new double[nw];
        for (int t = 0; t < burn + steps; t++)
        {
            sampler.Step(theta, noise);
            if (t < burn) continue;
            for (int k = 0; k < nw; k++) { double w = theta[offW + k]; sum[k] += w; sq[k] += w * w; }
        }
        for (int k = 0; k < nw; k++)
        {
            double m = sum[k] / steps, v = sq[k] / steps - m * m, sd = Math.Sqrt(cov[k, k]);
            Assert.True(Math.Abs(m - mean[k]) < 0.2 * sd, $"w[{k}]: mean {m:G4} vs closed form {mean[k]:G4} (sd {sd:G3})");
            Assert.InRange(v / cov[k, k], 0.8, 1.25);
        }
    }

    /// <summary>
    /// Cross-entropy posterior (Eq. 23, π ∝ e^{−CE/(2κ)} p_0): a two-class read-out on one frozen linear feature,
    /// W2 ∈ R², prior N(0, v I). The law of (W2_1 − W2_0) is computed by quadrature on a grid and compared with the
    /// Langevin chain on the real PatchCnn — this pins the ½ in the data term.
    /// </summary>
    [Fact]
    public void CrossEntropyReadoutPosteriorMatchesQuadrature()
    {
        int P = 10;
        double kappa = 0.4;
        var arch = new PatchArchitecture(1, 2, 1, 2, Activation.Linear, 1.0, 1.0);
        var rng = RandomStream.For(6, 0, "ce");
        var x = new double[P * 2]; rng.FillGaussian(x);
        var y = new double[P * 2];
        for (int p = 0; p < P; p++) y[p * 2 + (x[p * 2] + 0.3 * rng.NextGaussian() > 0 ? 1 : 0)] = 1;
        var model = new PatchCnn<double>(arch, OutputLoss.CrossEntropy, x, y, P);
        var theta = new[] { 1.0, 0.5, 0.0, 0.0 }; // W1 (frozen) = (1, 0.5); W2 = (0, 0)
        double v = model.Blocks[1].PriorVariance;
        var feature = Enumerable.Range(0, P).Select(p => x[p * 2] + 0.5 * x[p * 2 + 1]).ToArray();
        // Log posterior of (a, b) = (W2_0, W2_1): −(1/(2κ)) Σ CE − (a² + b²)/(2v).
        double LogPost(double a, double b)
        {
            double ce = 0;
            for (int p = 0; p < P; p++)
            {
                double f0 = a * feature[p], f1 = b * feature[p], m = Math.Max(f0, f1);
                double lse = m + Math.Log(Math.Exp(f0 - m) + Math.Exp(f1 - m));
                ce += lse - (y[p * 2 + 1] > 0 ? f1 : f0);
            }
            return -ce / (2 * kappa) - (a * a + b * b) / (2 * v);
        }
        int n = 401; double lim = 8 * Math.Sqrt(v), h = 2 * lim / (n - 1);
        double z = 0, m1 = 0, m2 = 0, maxLog = double.NegativeInfinity;
        var logs = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { logs[i, j] = LogPost(-lim + i * h, -lim + j * h); maxLog = Math.Max(maxLog, logs[i, j]); }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double w = Math.Exp(logs[i, j] - maxLog), diff = (-lim + j * h) - (-lim + i * h);
                z += w; m1 += w * diff; m2 += w * diff * diff;
            }
        double mean = m1 / z, var = m2 / z - mean * mean;

        double lambda = StepSize.LargestCurvature(model, theta, kappa, [true, false], RandomStream.For(6, 0, "lam"));
        var sampler = new LangevinSampler<double>(model, 0.05 / lambda, kappa, [0]);
        var noise = RandomStream.For(6, 0, "noise");
        int burn = 5000, steps = 200000;
        double s1 = 0, s2 = 0;
        for (int t = 0; t < burn + steps; t++)
        {
            sampler.Step(theta, noise);
            if (t < burn) continue;
            double diff = theta[3] - theta[2];
            s1 += diff; s2 += diff * diff;
        }
        double sm = s1 / steps, sv = s2 / steps - sm * sm;
        Assert.True(Math.Abs(sm - mean) < 0.1 * Math.Sqrt(var), $"mean of W2_1 − W2_0: Langevin {sm:G4} vs quadrature {mean:G4} (sd {Math.Sqrt(var):G3})");
        Assert.InRange(sv / var, 0.85, 1.15);
        // Without the ½ (likelihood e^{−CE/κ}) the mean would differ clearly: the test can fail.
        Assert.True(Math.Abs(mean) > 0.5 * Math.Sqrt(var), "the data should pull the read-out away from 0");
    }
}
