using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using MathNet.Numerics.LinearAlgebra;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Sampling;

/// <summary>
/// The sampler's stationary law against a posterior known in closed form: with the hidden layer frozen, the
/// read-out posterior is Bayesian linear regression on fixed features Φ = σ(X W1ᵀ):
/// precision Λ = ΦᵀΦ/κ + I/v_L, mean μ = Λ⁻¹Φᵀy/κ, covariance Λ⁻¹ (Eq. 2 with L = ½Σ(f − y)²).
/// The unadjusted Langevin chain's exact stationary law is N(μ, Λ⁻¹(I − ηκΛ/2)⁻¹): the test checks both.
/// </summary>
public class StationaryLawTests
{
    [Theory]
    [InlineData("erf", 0.5, 1.5, 3)]
    [InlineData("relu", 2.0, 0.7, 5)]
    public void ReadoutPosteriorMatchesBayesianLinearRegression(string act, double kappa, double sigma2Readout, int seed)
    {
        const int d = 3, n = 4, p = 12, chains = 64, burnin = 4000, samples = 400, thin = 25;
        var arch = new FcnArchitecture(d, [n], Activation.Parse(act), [1.0, sigma2Readout]);
        var rng = RandomStream.For((ulong)seed, 0, "stationary");
        var x = new double[p * d]; rng.FillGaussian(x);
        var y = new double[p]; rng.FillGaussian(y);
        for (int i = 0; i < p; i++) y[i] += x[i * d]; // some signal
        var w1 = new double[n * d]; rng.Split("w1").FillGaussian(w1, 0, Math.Sqrt(1.0 / d));

        // Closed form.
        var phi = Matrix<double>.Build.Dense(p, n, (r, i) => arch.Activation.Value(Enumerable.Range(0, d).Sum(k => x[r * d + k] * w1[i * d + k])));
        double vL = sigma2Readout / n;
        var lambda = phi.TransposeThisAndMultiply(phi) / kappa + Matrix<double>.Build.DenseIdentity(n) / vL;
        var cov = lambda.Inverse();
        var mu = cov * (phi.TransposeThisAndMultiply(Vector<double>.Build.Dense(y)) / kappa);
        double lmax = lambda.Evd().EigenValues.Max(v => v.Real) * kappa; // curvature of U = κ × (−log posterior)
        double eta = 0.01 / lmax;
        var ulaCov = cov * (Matrix<double>.Build.DenseIdentity(n) - eta * kappa / 2 * lambda).Inverse();

        // Sample: independent chains, hidden layer frozen at w1, read-out from the prior.
        var chainMean = new double[chains][];
        var chainCov = new double[chains][];
        Parallel.For(0, chains, c =>
        {
            var net = new FullyConnectedNetwork<double>(arch, x, y, p);
            var sampler = new LangevinSampler<double>(net, eta, kappa, [0]);
            var theta = new double[net.ParameterCount];
            w1.CopyTo(theta, 0);
            RandomStream.For((ulong)seed, (uint)c, "init").FillGaussian(theta.AsSpan(n * d), 0, Math.Sqrt(vL));
            var noise = RandomStream.For((ulong)seed, (uint)c, "noise");
            var m = new double[n]; var s = new double[n * n];
            for (int t = 0; t < burnin; t++) sampler.Step(theta, noise);
            for (int k = 0; k < samples; k++)
            {
                for (int t = 0; t < thin; t++) sampler.Step(theta, noise);
                var w = theta.AsSpan(n * d, n);
                for (int i = 0; i < n; i++)
                {
                    m[i] += w[i] / samples;
                    for (int j = 0; j < n; j++) s[i * n + j] += (w[i] - mu[i]) * (w[j] - mu[j]) / samples;
                }
            }
            for (int i = 0; i < n * d; i++) Assert.Equal(w1[i], theta[i]); // frozen layer untouched
            chainMean[c] = m; chainCov[c] = s;
        });

        // Chains are independent, so the spread of per-chain estimates gives the Monte-Carlo error honestly.
        (double Mean, double Se) Pool(Func<int, double> f)
        {
            var v = Enumerable.Range(0, chains).Select(f).ToArray();
            double mean = v.Average();
            return (mean, Math.Sqrt(v.Sum(a => (a - mean) * (a - mean)) / (chains - 1) / chains));
        }
        for (int i = 0; i < n; i++)
        {
            var (m, se) = Pool(c => chainMean[c][i]);
            Assert.True(Math.Abs(m - mu[i]) < 4.5 * se, $"mean[{i}] = {m:G5} vs closed form {mu[i]:G5} (se {se:G3})");
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                var (m, se) = Pool(c => chainCov[c][i * n + j]);
                Assert.True(Math.Abs(m - ulaCov[i, j]) < 4.5 * se, $"cov[{i},{j}] = {m:G5} vs ULA law {ulaCov[i, j]:G5} (se {se:G3})");
                double bias = Math.Abs(ulaCov[i, j] - cov[i, j]);
                Assert.True(Math.Abs(m - cov[i, j]) < 4.5 * se + bias, $"cov[{i},{j}] = {m:G5} vs closed form {cov[i, j]:G5} (se {se:G3})");
                // The Monte-Carlo error is small enough that a wrong temperature (factor 2) would fail.
                if (i == j) Assert.True(4.5 * se + bias < 0.5 * cov[i, i], $"test too weak for cov[{i},{i}]");
            }
    }
}
