using FeatureScale.Data;
using FeatureScale.Theory.Adaptive;
using Xunit.Abstractions;
using FeatureScale.Experiments;

namespace FeatureScale.Tests.Experiments;

/// <summary>
/// The linear two-layer χ-network sampled by the trainer's Langevin dynamics (meanfield parameterisation with explicit
/// χ) against <see cref="LinearChiNetwork.Exact"/> (exact 1-D u-quadrature): ensemble-mean train discrepancies, test
/// predictions and E[u] within 4 Monte-Carlo standard errors (estimated from the spread of the chain means), while the
/// NNGP (u = 1) prediction is rejected by many standard errors.
/// </summary>
public class LinearChiLangevinTests(ITestOutputHelper output)
{
    [Fact]
    public void TrainConfigMapsOntoTheChiParameters()
    {
        var p = new LinearChiParameters(Width: 5, Chi: 2.5, Gv: 0.8, Gw: 1.7, Kappa: 0.3);
        var rc = LinearChiLangevin.ToTrainConfig(p, 3, 7).Resolve();
        var blocks = rc.Architecture.Blocks();
        Assert.Equal(p.Gv / 3, blocks[0].PriorVariance, 14);                // w_i ~ N(0, g_v/d)
        Assert.Equal(p.Gw / (p.Chi * p.Width), blocks[1].PriorVariance, 14); // a_i ~ N(0, g_w/(χN))
        Assert.Equal(p.Sigma2, rc.Kappa, 14);                                // likelihood noise κ/χ
        Assert.Throws<ConfigException>(() => LinearChiLangevin.ToTrainConfig(p with { Width = 4.5 }, 3, 7));
    }

    [Fact]
    public void LangevinEnsembleMatchesExactQuadratureAndRejectsNngp()
    {
        int n = 6, d = 3, m = 4;
        var (x, y, xt, yt) = LinearTeacherData.Generate(n, d, m, 5);
        var p = new LinearChiParameters(Width: 4, Chi: 4, Gv: 1, Gw: 1, Kappa: 0.2);
        var theory = LinearChiNetwork.Create(x, y, n, d, p, xt);
        var exact = theory.Exact();
        var nngp = theory.Nngp();
        var run = LinearChiLangevin.Run(x, y, n, d, xt, p, new LinearChiEnsembleOptions(Chains: 16, Burnin: 5000, Steps: 200000, Thin: 10, Seed: 3, StepFraction: 0.02));
        output.WriteLine($"eta {run.Eta:G3}, wall {run.WallSeconds:0.0} s, E[u]: exact {exact.U:0.0000}, Langevin {run.U.Mean:0.0000} ± {run.U.Se:0.0000}");
        // Linear functionals of the mean predictor: the train discrepancy along y and the test prediction along y*.
        var ydisc = y.Select(v => v / y.Sum(a => a * a)).ToArray();
        var (trainProj, trainSe) = LinearChiEnsembleResult.Functional(run.ChainTrain, ydisc);
        double Dot(double[] a, double[] b) => a.Zip(b).Sum(t => t.First * t.Second);
        double exactTrain = Dot(exact.TrainMean, ydisc), nngpTrain = Dot(nngp.TrainMean, ydisc);
        var yt2 = yt.Select(v => v / yt.Sum(a => a * a)).ToArray();
        var (testProj, testSe) = LinearChiEnsembleResult.Functional(run.ChainTest, yt2);
        double exactTest = Dot(exact.TestMean, yt2), nngpTest = Dot(nngp.TestMean, yt2);
        output.WriteLine($"train f̄·y/|y|²: Langevin {trainProj:0.00000} ± {trainSe:0.00000}, exact {exactTrain:0.00000}, NNGP {nngpTrain:0.00000}");
        output.WriteLine($"test  f̄·y*/|y*|²: Langevin {testProj:0.00000} ± {testSe:0.00000}, exact {exactTest:0.00000}, NNGP {nngpTest:0.00000}");
        for (int i = 0; i < n; i++)
        {
            var (mi, si) = LinearChiEnsembleResult.Functional(run.ChainTrain, Enumerable.Range(0, n).Select(j => j == i ? 1.0 : 0).ToArray());
            output.WriteLine($"train discrepancy {i}: Langevin {y[i] - mi:0.00000} ± {si:0.00000}, exact {exact.Discrepancy[i]:0.00000}, NNGP {nngp.Discrepancy[i]:0.00000}");
            Assert.True(Math.Abs(y[i] - mi - exact.Discrepancy[i]) < 4 * si, $"train discrepancy {i}");
        }
        Assert.True(Math.Abs(trainProj - exactTrain) < 4 * trainSe, "train");
        Assert.True(Math.Abs(testProj - exactTest) < 4 * testSe, "test");
        Assert.True(Math.Abs(run.U.Mean - exact.U) < 4 * run.U.Se, "u");
        Assert.True(Math.Abs(trainProj - nngpTrain) > 10 * trainSe, "NNGP not rejected on train");
        Assert.True(Math.Abs(testProj - nngpTest) > 6 * testSe, "NNGP not rejected on test");
    }
}
