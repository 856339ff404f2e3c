using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Observables;
using FeatureScale.Sampling;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Observables;

public class DataAndObservableTests
{
    [Theory]
    [InlineData("h3", 1.0)]
    [InlineData("he3", 1.0 / 6)]       // E[He_3²]/(3!)² = 6/36
    [InlineData("h1+h3", 2.0)]
    [InlineData("0.5*h2+h1", 1.25)]
    public void TeacherNormalisationUnderGaussianInputs(string spec, double expectedSecondMoment)
    {
        var teacher = Teacher.Random(spec, 7, RandomStream.For(1, 0, "teacher"));
        Assert.Equal(1.0, teacher.Direction.Sum(v => v * v), 12);
        double byQuadrature = GaussHermite.Expectation(z => teacher.Evaluate(z) * teacher.Evaluate(z), 40);
        Assert.Equal(expectedSecondMoment, byQuadrature, 10);
        var data = Dataset.Draw(new GaussianInputs(7), teacher, 40000, RandomStream.For(2, 0, "data"));
        double m2 = data.Y.Average(v => v * v);
        double se = Math.Sqrt(data.Y.Select(v => v * v).Select(v => (v - m2) * (v - m2)).Average() / data.Count);
        Assert.True(Math.Abs(m2 - expectedSecondMoment) < 5 * se, $"E[y²] = {m2} vs {expectedSecondMoment} (se {se})");
    }

    [Theory]
    [InlineData("q3")]
    [InlineData("h")]
    [InlineData("h3+")]
    [InlineData("x*h3")]
    public void BadTeacherNamesAreRejected(string spec) => Assert.Throws<ConfigException>(() => Teacher.ParseTerms(spec));

    [Fact]
    public void PowerLawCovarianceHasTheStatedSpectrum()
    {
        var inputs = new GaussianInputs(5, 1.1);
        var x = inputs.Sample(50000, RandomStream.For(3, 0, "x"));
        for (int k = 0; k < 5; k++)
        {
            double v = Enumerable.Range(0, 50000).Average(i => x[i * 5 + k] * x[i * 5 + k]);
            Assert.Equal(Math.Pow(k + 1, -1.1), v, 0.03 * Math.Pow(k + 1, -1.1));
        }
    }

    [Fact]
    public void ObservablesOfAKnownLinearNetwork()
    {
        // f(x) = c · (w*·x) with a linear two-layer net: neuron 0 has W1 row w*, read-out c; others zero.
        int d = 6, n = 3;
        var teacher = Teacher.Random("h1", d, RandomStream.For(4, 0, "t"));
        var test = Dataset.Draw(new GaussianInputs(d), teacher, 5000, RandomStream.For(4, 0, "test"));
        var arch = new FcnArchitecture(d, [n], Activation.Linear, [1, 1]);
        var theta = new double[arch.ParameterCount];
        teacher.Direction.CopyTo(theta, 0);
        const double c = 0.7;
        theta[n * d] = c;
        var obs = new FcnObserver<double>(arch, test.X, test.Y, test.Phi, teacher.MaxDegree).Measure(theta);
        double phi2 = test.Phi.Average(v => v * v);
        Assert.Equal(c, obs.Alignment, 12);                            // ⟨cΦ*, Φ*⟩/⟨Φ*, Φ*⟩
        Assert.Equal((c - 1) * (c - 1) * phi2, obs.TestMse, 12);
        Assert.Equal(phi2, obs.Overlaps[0][0][0], 12);                  // ⟨h_0, Φ*⟩
        Assert.Equal(0.0, obs.Overlaps[0][0][1], 12);
        Assert.Equal(test.Phi.Average(z => z * z), obs.Overlaps[0][1][0], 12); // target feature = h_1(Φ*) = Φ*
    }

    [Fact]
    public void HistogramOfGaussianValuesGivesAParabolicHPi()
    {
        var v = new double[200000];
        RandomStream.For(5, 0, "h").FillGaussian(v);
        var bins = OverlapHistogram.Build(1, "linear", v.Select(a => (float)a).ToList(), 41);
        Assert.Equal(0.0, bins.Where(b => !double.IsNaN(b.HPi)).Min(b => b.HPi), 12);
        Assert.Equal(1.0, bins.Sum(b => b.Density * (b.Right - b.Left)), 10);
        foreach (var b in bins.Where(b => Math.Abs(0.5 * (b.Left + b.Right)) < 2))
        {
            double x = 0.5 * (b.Left + b.Right);
            Assert.True(Math.Abs(b.HPi - x * x / 2) < 0.15, $"H_pi({x:0.00}) = {b.HPi:0.000}, expected ≈ {x * x / 2:0.000}");
        }
    }

    [Fact]
    public void DiagnosticsOnIndependentAndCorrelatedChains()
    {
        var rng = RandomStream.For(6, 0, "diag");
        var iid = Enumerable.Range(0, 4).Select(_ => { var a = new double[1000]; rng.FillGaussian(a); return (IReadOnlyList<double>)a; }).ToList();
        Assert.InRange(ChainDiagnostics.SplitRhat(iid), 0.99, 1.01);
        Assert.InRange(ChainDiagnostics.EffectiveSampleSize(iid), 3000, 5500);
        // AR(1) with ρ = 0.8: ESS ≈ n(1 − ρ)/(1 + ρ).
        var ar = Enumerable.Range(0, 4).Select(_ =>
        {
            var e = new double[20000]; rng.FillGaussian(e);
            var a = new double[e.Length];
            for (int i = 1; i < a.Length; i++) a[i] = 0.8 * a[i - 1] + Math.Sqrt(1 - 0.64) * e[i];
            return (IReadOnlyList<double>)a;
        }).ToList();
        double expected = 80000 * 0.2 / 1.8;
        Assert.InRange(ChainDiagnostics.EffectiveSampleSize(ar), 0.8 * expected, 1.2 * expected);
        // Chains stuck at different values: R̂ well above 1.
        var stuck = iid.Select((c, j) => (IReadOnlyList<double>)c.Select(v => v + 3 * j).ToList()).ToList();
        Assert.True(ChainDiagnostics.SplitRhat(stuck) > 1.5);
        var est = ChainDiagnostics.Summarise(iid);
        Assert.InRange(est.Sem, 0.012, 0.02); // ≈ 1/√4000
    }
}
