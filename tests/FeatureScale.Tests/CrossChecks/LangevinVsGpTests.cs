using FeatureScale.Kernels;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Tests.CrossChecks;

/// <summary>
/// Theory against experiment at infinite width: for a wide two-layer erf network and few training points, the
/// Langevin posterior of Eq. 2 is the GP posterior with the NNGP kernel (Eq. 8) and ridge κ, so the sampled
/// posterior-mean predictor must match K_*(K + κI)⁻¹y within its Monte-Carlo error (plus an O(P/N) width correction).
/// The two sides share nothing but the data: the sampler knows only weights and gradients, the GP only the kernel.
/// </summary>
public class LangevinVsGpTests
{
    [Fact]
    public void WideErfPosteriorMeanMatchesGpPrediction()
    {
        const int d = 3, n = 400, p = 8, test = 6, chains = 16, burnin = 6000, samples = 60, thin = 250;
        const double kappa = 0.25;
        var rng = RandomStream.For(21, 0, "langevin-vs-gp");
        var x = new double[p * d]; rng.FillGaussian(x);
        var y = new double[p];
        for (int i = 0; i < p; i++) y[i] = Math.Tanh(x[i * d] + 0.5 * x[i * d + 1]) + 0.1 * x[i * d + 2];
        var xt = new double[test * d]; rng.Split("test").FillGaussian(xt);

        // Infinite-width side: the NNGP kernel of the same architecture, GP regression with ridge κ.
        var kernel = new NngpKernel(FeatureScale.Activations.Activation.Parse("erf"), [1.0, 1.0]);
        var (gpMean, gpVar) = new GaussianProcessRegression(kernel, x, p, d, y, kappa).Predict(xt, test);

        // Finite-width side: Langevin chains on the network's weights, posterior mean of f on the test points.
        var arch = new FcnArchitecture(d, [n], FeatureScale.Activations.Activation.Erf, [1.0, 1.0]);
        var chainMeans = new double[chains][];
        Parallel.For(0, chains, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            var net = new FullyConnectedNetwork<double>(arch, x, y, p);
            var probe = new FullyConnectedNetwork<double>(arch, xt, null, test);
            var theta = new double[net.ParameterCount];
            LangevinSampler<double>.DrawPrior(net, theta, RandomStream.For(21, (uint)c, "init"));
            double lambda = StepSize.LargestCurvature(net, theta, kappa, new bool[arch.Depth], RandomStream.For(21, (uint)c, "step"));
            var sampler = new LangevinSampler<double>(net, StepSize.SafeFraction / lambda, kappa);
            var noise = RandomStream.For(21, (uint)c, "noise");
            var m = new double[test];
            for (int t = 0; t < burnin; t++) sampler.Step(theta, noise);
            for (int s = 0; s < samples; s++)
            {
                for (int t = 0; t < thin; t++) sampler.Step(theta, noise);
                var f = probe.Forward(theta, xt, test);
                for (int j = 0; j < test; j++) m[j] += f[j] / samples;
            }
            chainMeans[c] = m;
        });

        for (int j = 0; j < test; j++)
        {
            var v = chainMeans.Select(m => m[j]).ToArray();
            double mean = v.Average();
            double se = Math.Sqrt(v.Sum(a => (a - mean) * (a - mean)) / (chains - 1) / chains);
            // Finite-width correction to the posterior mean is O(1/N) relative to the GP's own scale.
            double widthTolerance = 4.0 * Math.Sqrt(gpVar[j] + gpMean[j] * gpMean[j]) * p / n;
            Assert.True(Math.Abs(mean - gpMean[j]) <= 4.5 * se + widthTolerance,
                $"test point {j}: Langevin posterior mean {mean:F4} ± {se:F4} vs GP {gpMean[j]:F4} (width tolerance {widthTolerance:F4})");
        }
        // And the comparison has power: the GP mean is far from the prior mean 0 at some test point.
        Assert.Contains(gpMean, g => Math.Abs(g) > 0.2);
    }
}
