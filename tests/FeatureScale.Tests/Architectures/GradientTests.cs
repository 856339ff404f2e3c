using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Experiments;

namespace FeatureScale.Tests.Architectures;

/// <summary>Hand-derived FCN gradients against central finite differences; the Langevin update against its formula.</summary>
public class GradientTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var act in new[] { "erf", "relu", "tanh", "linear", "quadratic", "square" })
            for (int depth = 2; depth <= 4; depth++)
                foreach (var param in new[] { "standard", "meanfield" })
                    yield return [act, depth, param];
    }

    private static (FullyConnectedNetwork<double> Net, double[] Theta, ResolvedTrainConfig Rc) Build(string act, int depth, string param, int seed)
    {
        int[] widths = depth switch { 2 => [6], 3 => [5, 4], _ => [5, 4, 3] };
        var cfg = new TrainConfig
        {
            D = 4, P = 7, Depth = depth, Widths = widths, Activation = act, Parameterisation = param, Kappa = 0.7,
            Sigma2Layers = Enumerable.Range(0, depth).Select(l => 0.8 + 0.3 * l).ToArray(),
        };
        var rc = cfg.Resolve();
        var rng = RandomStream.For((ulong)seed, 0, "grad-test");
        var x = new double[cfg.P * cfg.D]; rng.FillGaussian(x);
        var y = new double[cfg.P]; rng.FillGaussian(y);
        var net = new FullyConnectedNetwork<double>(rc.Architecture, x, y, cfg.P);
        var theta = new double[net.ParameterCount];
        LangevinSampler<double>.DrawPrior(net, theta, rng.Split("theta"));
        // Larger weights than the prior so that every non-linearity is exercised away from its linear regime.
        for (int i = 0; i < theta.Length; i++) theta[i] *= 1.5;
        return (net, theta, rc);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string act, int depth, string param)
    {
        var (net, theta, _) = Build(act, depth, param, 11 + depth);
        var g = new double[theta.Length];
        net.LossAndGradient(theta, g);
        double worst = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(theta[i]));
            var tp = (double[])theta.Clone(); tp[i] += h;
            var tm = (double[])theta.Clone(); tm[i] -= h;
            double fd = (net.Loss(tp) - net.Loss(tm)) / (2 * h);
            worst = Math.Max(worst, Math.Abs(g[i] - fd) / (1e-4 + Math.Abs(fd)));
        }
        Assert.True(worst < 2e-5, $"{act} depth {depth} {param}: worst relative gradient error {worst:E2}");
    }

    [Theory]
    [InlineData("erf", 3)]
    [InlineData("relu", 2)]
    [InlineData("tanh", 4)]
    public void FrozenBlocksSkipOnlyTheirGradient(string act, int depth)
    {
        var (net, theta, _) = Build(act, depth, "standard", 5);
        var full = new double[theta.Length];
        net.LossAndGradient(theta, full);
        var skip = new bool[depth]; skip[0] = true;
        var part = new double[theta.Length];
        net.LossAndGradient(theta, part, skip);
        var b0 = net.Blocks[0];
        for (int i = b0.Offset + b0.Length; i < theta.Length; i++) Assert.Equal(full[i], part[i], 12);
    }

    [Theory]
    [InlineData("erf", 3)]
    [InlineData("quadratic", 2)]
    [InlineData("square", 2)]
    public void SinglePrecisionGradientAgreesWithDouble(string act, int depth)
    {
        var (net, theta, rc) = Build(act, depth, "standard", 3);
        var g = new double[theta.Length];
        double loss = net.LossAndGradient(theta, g);
        var x = new double[7 * 4]; var y = new double[7];
        var rng2 = RandomStream.For(3, 0, "grad-test"); rng2.FillGaussian(x); rng2.FillGaussian(y); // Build's data (seed 3)
        var net32 = new FullyConnectedNetwork<float>(rc.Architecture, x.Select(v => (float)v).ToArray(), y.Select(v => (float)v).ToArray(), 7);
        var g32 = new float[theta.Length];
        double loss32 = net32.LossAndGradient(theta.Select(v => (float)v).ToArray(), g32);
        Assert.Equal(loss, loss32, 1e-3 * (1 + loss));
        double scale = g.Max(Math.Abs);
        for (int i = 0; i < g.Length; i++) Assert.True(Math.Abs(g[i] - g32[i]) < 1e-4 * (1 + scale), $"component {i}: {g[i]} vs {g32[i]}");
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("meanfield")]
    public void LangevinStepIsTheStatedUpdate(string param)
    {
        // θ' = θ − η ∇U + √(2ηκ) ξ with U = L + Σ_b κ‖θ_b‖²/(2 v_b), ∇U by finite differences of U itself.
        var (net, theta, rc) = Build("erf", 3, param, 21);
        double eta = 1e-3, kappa = rc.Kappa;
        var sampler = new LangevinSampler<double>(net, eta, kappa);
        double U(double[] t)
        {
            double u = net.Loss(t);
            foreach (var b in net.Blocks)
                for (int i = b.Offset; i < b.Offset + b.Length; i++) u += kappa * t[i] * t[i] / (2 * b.PriorVariance);
            return u;
        }
        var expected = new double[theta.Length];
        var xi = new double[theta.Length];
        var noise = RandomStream.For(9, 0, "noise-copy");
        foreach (var b in net.Blocks) noise.FillGaussian(xi.AsSpan(b.Offset, b.Length));
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-6;
            var tp = (double[])theta.Clone(); tp[i] += h;
            var tm = (double[])theta.Clone(); tm[i] -= h;
            expected[i] = theta[i] - eta * (U(tp) - U(tm)) / (2 * h) + Math.Sqrt(2 * eta * kappa) * xi[i];
        }
        var stepped = (double[])theta.Clone();
        sampler.Step(stepped, RandomStream.For(9, 0, "noise-copy"));
        for (int i = 0; i < theta.Length; i++) Assert.True(Math.Abs(stepped[i] - expected[i]) < 1e-8, $"component {i}: {stepped[i]} vs {expected[i]}");
        if (param == "meanfield") Assert.Equal(0.7 / 4, kappa, 12); // κ/χ with χ = N_{L−1} = 4
    }

    [Fact]
    public void StepSizeCurvatureMatchesExactHessianForReadoutOnly()
    {
        // With everything but the read-out frozen, U is quadratic: ∇²U = ΦᵀΦ + κ/v_L I exactly.
        var (net, theta, rc) = Build("tanh", 2, "standard", 8);
        var frozen = new[] { true, false };
        double lambda = StepSize.LargestCurvature(net, theta, rc.Kappa, frozen, RandomStream.For(1, 0, "t"), iterations: 200);
        int n = rc.Architecture.Widths[0], p = 7;
        net.Forward(theta, net.Inputs.ToArray(), p);
        var phi = net.PreActivation(1).ToArray().Select(Math.Tanh).ToArray();
        var h = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => Enumerable.Range(0, p).Sum(r => phi[r * n + i] * phi[r * n + j]) + (i == j ? rc.Kappa / net.Blocks[1].PriorVariance : 0));
        double exact = h.Evd().EigenValues.Max(v => v.Real);
        Assert.Equal(exact, lambda, 1e-4 * exact);
    }
}
