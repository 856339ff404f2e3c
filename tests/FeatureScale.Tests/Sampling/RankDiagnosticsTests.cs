using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Tests.Sampling;

/// <summary>Rank-normalised R̂ and bulk/tail ESS on chains whose answer is known.</summary>
public class RankDiagnosticsTests
{
    private static double[][] Chains(int m, int n, Func<int, double> shift, double rho = 0)
    {
        var rng = RandomStream.For(3, 0, "diag");
        return Enumerable.Range(0, m).Select(c =>
        {
            var x = new double[n]; double prev = 0;
            for (int i = 0; i < n; i++) { prev = rho * prev + Math.Sqrt(1 - rho * rho) * rng.NextGaussian(); x[i] = prev + shift(c); }
            return x;
        }).ToArray();
    }

    [Fact]
    public void Independent_draws_pass_and_shifted_chains_fail()
    {
        var iid = RankDiagnostics.Of(Chains(4, 1000, _ => 0));
        Assert.InRange(iid.Rhat, 0.99, 1.01);
        Assert.InRange(iid.BulkEss, 3000, 5000);
        Assert.InRange(iid.TailEss, 2000, 5000);
        Assert.False(iid.Warn);
        var stuck = RankDiagnostics.Of(Chains(4, 1000, c => c == 0 ? 2.0 : 0));
        Assert.True(stuck.Rhat > 1.1 && stuck.Warn, $"R̂ {stuck.Rhat}");
        // AR(1) with ρ = 0.9: τ = (1 + ρ)/(1 − ρ) = 19, so ESS ≈ 4000/19 ≈ 210.
        var slow = RankDiagnostics.Of(Chains(4, 1000, _ => 0, 0.9));
        Assert.InRange(slow.BulkEss, 120, 350);
    }

    [Fact]
    public void Rank_R_hat_sees_a_scale_difference_that_plain_R_hat_misses()
    {
        var chains = Chains(4, 1000, _ => 0);
        for (int i = 0; i < 1000; i++) chains[0][i] *= 4; // same mean, 4× the spread
        double plain = ChainDiagnostics.SplitRhat(chains);
        var rank = RankDiagnostics.Of(chains);
        Assert.True(plain < 1.01, $"plain {plain}");
        Assert.True(rank.Rhat > 1.05, $"rank {rank.Rhat}");
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.97)]
    public void Normal_quantile_matches_MathNet(double p) =>
        Assert.Equal(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p), RankDiagnostics.NormalQuantile(p), 1e-8);
}
