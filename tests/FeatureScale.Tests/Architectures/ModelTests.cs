using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Architectures;

/// <summary>Attention head and patch network: gradients vs finite differences, forward passes vs loop-by-loop formulas.</summary>
public class ModelTests
{
    private static double WorstFdError(IPosteriorModel<double> model, double[] theta)
    {
        var g = new double[theta.Length];
        double loss = model.LossAndGradient(theta, g);
        Assert.Equal(model.Loss(theta), loss, 10);
        double worst = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(theta[i]));
            var tp = (double[])theta.Clone(); tp[i] += h;
            var tm = (double[])theta.Clone(); tm[i] -= h;
            double fd = (model.Loss(tp) - model.Loss(tm)) / (2 * h);
            worst = Math.Max(worst, Math.Abs(g[i] - fd) / (1e-4 + Math.Abs(fd)));
        }
        return worst;
    }

    private static (AttentionHead<double> Model, double[] Theta, double[] X) Attention(int heads, int dim, int length, int count, double scaleA, int seed)
    {
        var arch = new AttentionArchitecture(dim, length, heads);
        var rng = RandomStream.For((ulong)seed, 0, "attention-test");
        var (x, y) = AttentionData.Draw(count, length, dim, rng.Split("data"));
        var model = new AttentionHead<double>(arch, x, y, count);
        var theta = new double[arch.ParameterCount];
        LangevinSampler<double>.DrawPrior(model, theta, rng.Split("theta"));
        // Scale A up so that the softmax is far from uniform and w up so that the residual is not tiny.
        for (int i = 0; i < arch.Heads * dim * dim; i++) theta[i] *= scaleA;
        for (int i = arch.Heads * dim * dim; i < theta.Length; i++) theta[i] *= 3;
        return (model, theta, x);
    }

    [Theory]
    [InlineData(1, 3, 4, 3)]
    [InlineData(2, 4, 5, 4)]
    [InlineData(3, 5, 7, 2)]
    public void AttentionGradientMatchesFiniteDifferences(int heads, int dim, int length, int count)
    {
        var (model, theta, _) = Attention(heads, dim, length, count, scaleA: dim * 1.5, seed: 5 + heads);
        double worst = WorstFdError(model, theta);
        Assert.True(worst < 1e-5, $"H={heads} d={dim} L={length}: worst relative gradient error {worst:E2}");
    }

    /// <summary>f(X) = L^{-1/2} Σ_h Σ_{a,b} softmax_b(x^{a⊤} A_h x^b)(w_h·x^b) written out with plain loops.</summary>
    private static double AttentionByLoops(double[] theta, double[] x, int p, int heads, int dim, int length)
    {
        double f = 0;
        for (int h = 0; h < heads; h++)
        {
            double At(int i, int j) => theta[h * dim * dim + i * dim + j];
            double W(int i) => theta[heads * dim * dim + h * dim + i];
            double X(int a, int i) => x[(p * length + a) * dim + i];
            for (int a = 0; a < length; a++)
            {
                var logits = new double[length];
                for (int b = 0; b < length; b++)
                    for (int i = 0; i < dim; i++)
                        for (int j = 0; j < dim; j++) logits[b] += X(a, i) * At(i, j) * X(b, j);
                double z = 0;
                for (int c = 0; c < length; c++) z += Math.Exp(logits[c]);
                for (int b = 0; b < length; b++)
                {
                    double v = 0;
                    for (int i = 0; i < dim; i++) v += W(i) * X(b, i);
                    f += Math.Exp(logits[b]) / z * v;
                }
            }
        }
        return f / Math.Sqrt(length);
    }

    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(1, 4, 3)]
    [InlineData(2, 3, 4)]
    public void AttentionAgreesWithLoopByLoopFormula(int heads, int dim, int length)
    {
        var (model, theta, x) = Attention(heads, dim, length, count: 3, scaleA: 2.0, seed: 17);
        var f = model.Forward(theta).ToArray();
        for (int p = 0; p < 3; p++)
            Assert.Equal(AttentionByLoops(theta, x, p, heads, dim, length), f[p], 12);
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndStayFiniteForLargeLogits()
    {
        var rng = RandomStream.For(3, 0, "softmax");
        foreach (double scale in new[] { 1.0, 1e2, 1e3, 1e5, 1e300 })
        {
            var row = new double[50];
            rng.FillGaussian(row, 0, 1);
            for (int i = 0; i < row.Length; i++) row[i] *= scale;
            int argmax = Array.IndexOf(row, row.Max());
            AttentionHead<double>.SoftmaxRow(row);
            Assert.All(row, v => Assert.True(double.IsFinite(v) && v >= 0));
            Assert.Equal(1.0, row.Sum(), 12);
            if (scale >= 1e3) Assert.Equal(1.0, row[argmax], 12);
        }
        var withInf = new[] { 0.0, double.PositiveInfinity, 3.0, double.PositiveInfinity };
        AttentionHead<double>.SoftmaxRow(withInf);
        Assert.Equal(new[] { 0, 0.5, 0, 0.5 }, withInf);
        var f32 = Enumerable.Range(0, 20).Select(i => 800f * i).ToArray(); // e^{800·i} overflows float without the max shift
        AttentionHead<float>.SoftmaxRow(f32);
        Assert.Equal(1f, f32[^1], 6);
        Assert.Equal(1f, f32.Sum(), 5);

        // The whole layer with huge A (logits ~1e4) stays finite, and its gradient too.
        var (model, theta, x) = Attention(2, 4, 6, 3, scaleA: 1e4, seed: 9);
        var g = new double[theta.Length];
        double loss = model.LossAndGradient(theta, g);
        Assert.True(double.IsFinite(loss));
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(AttentionByLoopsStable(theta, x, 0, 2, 4, 6), model.Output[0], 9);
        var att = new double[36];
        model.AttentionMatrix(theta, 1, 1, att);
        for (int a = 0; a < 6; a++)
        {
            var rowSum = att.AsSpan(a * 6, 6).ToArray();
            Assert.All(rowSum, v => Assert.True(double.IsFinite(v) && v >= 0));
            Assert.Equal(1.0, rowSum.Sum(), 12);
        }
    }

    [Fact]
    public void RowsFarBelowTheMatrixMaximumAreRepaired()
    {
        // One token with a huge norm makes its own row's logits ~1e4 while the other rows' logits are O(1): a single
        // shift by the matrix maximum would underflow those rows; the layer must still equal the per-row-stable formula.
        int d = 3, L = 4, H = 1;
        var arch = new AttentionArchitecture(d, L, H);
        var x = new double[] { 100, 0, 0, 0.3, -0.2, 0.5, -0.4, 0.1, 0.2, 0.6, 0.4, -0.3, /* input 2 */ 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3 };
        var y = new double[] { 0.5, -0.5 };
        var theta = new double[] { 1, 0.2, 0, 0.1, 0.8, 0, 0, 0, 0.5, /* w */ 0.3, -0.7, 0.4 };
        var model = new AttentionHead<double>(arch, x, y, 2);
        var g = new double[theta.Length];
        model.LossAndGradient(theta, g);
        for (int p = 0; p < 2; p++) Assert.Equal(AttentionByLoopsStable(theta, x, p, H, d, L), model.Output[p], 10);
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
        var model32 = new AttentionHead<float>(arch, x.Select(v => (float)v).ToArray(), y.Select(v => (float)v).ToArray(), 2);
        var f32 = model32.Forward(theta.Select(v => (float)v).ToArray());
        for (int p = 0; p < 2; p++) Assert.Equal(AttentionByLoopsStable(theta, x, p, H, d, L), f32[p], 3);
    }

    private static double AttentionByLoopsStable(double[] theta, double[] x, int p, int heads, int dim, int length)
    {
        double f = 0;
        for (int h = 0; h < heads; h++)
            for (int a = 0; a < length; a++)
            {
                var logits = new double[length];
                for (int b = 0; b < length; b++)
                    for (int i = 0; i < dim; i++)
                        for (int j = 0; j < dim; j++)
                            logits[b] += x[(p * length + a) * dim + i] * theta[h * dim * dim + i * dim + j] * x[(p * length + b) * dim + j];
                double m = logits.Max(), z = logits.Sum(l => Math.Exp(l - m));
                for (int b = 0; b < length; b++)
                {
                    double v = 0;
                    for (int i = 0; i < dim; i++) v += theta[heads * dim * dim + h * dim + i] * x[(p * length + b) * dim + i];
                    f += Math.Exp(logits[b] - m) / z * v;
                }
            }
        return f / Math.Sqrt(length);
    }

    private static (PatchCnn<double> Model, double[] Theta, double[] X) Patch(int patches, int size, int width, int outputs, string act, OutputLoss loss, int count, int seed)
    {
        var arch = new PatchArchitecture(patches, size, width, outputs, Activation.Parse(act), 0.9, 1.3);
        var rng = RandomStream.For((ulong)seed, 0, "patch-test");
        var x = new double[count * arch.InputDim]; rng.FillGaussian(x);
        var y = new double[count * outputs];
        if (loss == OutputLoss.SquaredError) rng.FillGaussian(y);
        else for (int p = 0; p < count; p++) y[p * outputs + rng.NextInt(outputs)] = 1;
        var model = new PatchCnn<double>(arch, loss, x, y, count);
        var theta = new double[arch.ParameterCount];
        LangevinSampler<double>.DrawPrior(model, theta, rng.Split("theta"));
        for (int i = 0; i < theta.Length; i++) theta[i] *= 1.7;
        return (model, theta, x);
    }

    public static IEnumerable<object[]> PatchCases()
    {
        foreach (var act in new[] { "erf", "relu", "tanh", "quadratic", "square" })
        {
            yield return [act, 1, 5, "mse", 1];
            yield return [act, 3, 4, "mse", 2];
            yield return [act, 2, 3, "ce", 3];
            yield return [act, 1, 6, "ce", 2];
        }
    }

    [Theory]
    [MemberData(nameof(PatchCases))]
    public void PatchCnnGradientMatchesFiniteDifferences(string act, int patches, int size, string loss, int outputs)
    {
        var (model, theta, _) = Patch(patches, size, 5, outputs, act, OutputLosses.Parse(loss), 7, 21 + patches);
        double worst = WorstFdError(model, theta);
        Assert.True(worst < 2e-5, $"{act} N_w={patches} {loss}: worst relative gradient error {worst:E2}");
    }

    [Theory]
    [InlineData("erf")]
    [InlineData("relu")]
    [InlineData("quadratic")]
    [InlineData("square")]
    public void CnnWithOnePatchEqualsTwoLayerFcn(string act)
    {
        var (cnn, theta, x) = Patch(1, 6, 5, 1, act, OutputLoss.SquaredError, 9, 4);
        var fcnArch = new FcnArchitecture(6, [5], Activation.Parse(act), [0.9, 1.3]);
        var y = new double[9];
        RandomStream.For(1, 0, "y").FillGaussian(y);
        var cnnY = new PatchCnn<double>(cnn.Architecture, OutputLoss.SquaredError, x, y, 9);
        var fcn = new FullyConnectedNetwork<double>(fcnArch, x, y, 9);
        Assert.Equal(fcn.ParameterCount, cnnY.ParameterCount);
        Assert.Equal(fcn.Blocks.Select(b => (b.Offset, b.Length, b.PriorVariance)), cnnY.Blocks.Select(b => (b.Offset, b.Length, b.PriorVariance)));
        var f1 = fcn.Forward(theta, x, 9).ToArray();
        var f2 = cnnY.Forward(theta).ToArray();
        for (int p = 0; p < 9; p++) Assert.Equal(f1[p], f2[p], 12);
        var g1 = new double[theta.Length]; var g2 = new double[theta.Length];
        Assert.Equal(fcn.LossAndGradient(theta, g1), cnnY.LossAndGradient(theta, g2), 10);
        for (int i = 0; i < theta.Length; i++) Assert.Equal(g1[i], g2[i], 10);
    }

    [Fact]
    public void CnnAgreesWithPatchSumFormula()
    {
        // f(x) = Σ_i Σ_j W2_{(i,j)} σ(w_j · x_i), x_i the i-th block of S consecutive coordinates (Eq. 78/79).
        int nw = 3, s = 4, n = 5;
        var (cnn, theta, x) = Patch(nw, s, n, 1, "tanh", OutputLoss.SquaredError, 4, 8);
        var f = cnn.Forward(theta).ToArray();
        for (int p = 0; p < 4; p++)
        {
            double expect = 0;
            for (int i = 0; i < nw; i++)
                for (int j = 0; j < n; j++)
                {
                    double pre = 0;
                    for (int k = 0; k < s; k++) pre += theta[j * s + k] * x[p * nw * s + i * s + k];
                    expect += theta[n * s + i * n + j] * Math.Tanh(pre);
                }
            Assert.Equal(expect, f[p], 12);
        }
    }
}
