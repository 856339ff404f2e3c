using FeatureScale.Numerics;

namespace FeatureScale.Tests.Numerics;

/// <summary>Philox known answers, stream layout, reproducibility, independence and distribution tests.</summary>
public class RandomStreamTests
{
    [Theory]
    // Random123 kat_vectors, philox4x32 10 rounds: counter c0..c3, key k0 k1, expected output.
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Philox4x32_10_matches_Random123_known_answers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), Philox.Block(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void Stream_block_j_is_Philox_of_counter_j_chain_purpose_under_the_seed()
    {
        ulong seed = 0x0123456789ABCDEFul;
        var s = new RandomStream(seed, chain: 5, purpose: 77);
        for (ulong j = 0; j < 3; j++)
        {
            var (a, b, _, _) = Philox.Block((uint)j, (uint)(j >> 32), 5, 77, 0x89ABCDEFu, 0x01234567u);
            Assert.Equal(((ulong)a << 32) | b, s.NextUInt64());
        }
        Assert.Equal(3ul, s.Position);
        s.Position = 1ul << 32; // the block counter carries into the second counter word
        var (p, q, _, _) = Philox.Block(0, 1, 5, 77, 0x89ABCDEFu, 0x01234567u);
        Assert.Equal(((ulong)p << 32) | q, s.NextUInt64());
        Assert.Equal(RandomStream.StableHash("noise"), RandomStream.For(1, 0, "noise").Purpose);
        Assert.Equal(2166136261u, RandomStream.StableHash("")); // FNV-1a offset basis
    }

    [Fact]
    public void Gaussian_fill_is_Box_Muller_on_the_Philox_blocks_including_the_counter_carry()
    {
        // Value 2j = √(−2 ln(1 − U(a,b))) cos(2π U(c,d)), value 2j+1 the sine, (a, b, c, d) = Philox block j, checked
        // against the scalar Philox for a run of blocks that crosses the 2³² boundary of the block counter.
        ulong seed = 0xDEADBEEF12345678ul;
        var s = new RandomStream(seed, 3, 9) { Position = (1ul << 32) - 21 };
        var g = new double[2 * 64];
        s.FillGaussian(g);
        for (int j = 0; j < 64; j++)
        {
            ulong block = (1ul << 32) - 21 + (ulong)j;
            var (a, b, c, d) = Philox.Block((uint)block, (uint)(block >> 32), 3, 9, (uint)seed, (uint)(seed >> 32));
            double u1 = ((a >> 5) * 67108864.0 + (b >> 6)) / 9007199254740992.0, u2 = ((c >> 5) * 67108864.0 + (d >> 6)) / 9007199254740992.0;
            double radius = Math.Sqrt(-2 * Math.Log(1 - u1));
            Assert.Equal(radius * Math.Cos(2 * Math.PI * u2), g[2 * j], 1e-12);
            Assert.Equal(radius * Math.Sin(2 * Math.PI * u2), g[2 * j + 1], 1e-12);
        }
    }

    [Fact]
    public void Same_key_gives_the_same_numbers_and_different_keys_differ()
    {
        double[] Draw(ulong seed, uint chain, string purpose) { var v = new double[64]; RandomStream.For(seed, chain, purpose).FillGaussian(v); return v; }
        Assert.Equal(Draw(42, 3, "noise"), Draw(42, 3, "noise"));
        var reference = Draw(42, 3, "noise");
        foreach (var other in new[] { Draw(43, 3, "noise"), Draw(42, 4, "noise"), Draw(42, 3, "init"), Draw(42 + (1ul << 32), 3, "noise") })
            Assert.True(reference.Zip(other).Count(p => p.First == p.Second) == 0, "streams share values");
        var parent = RandomStream.For(42, 3, "noise");
        var child = parent.Split("sub");
        Assert.NotEqual(parent.NextUInt64(), child.NextUInt64());
        Assert.Equal(RandomStream.For(42, 3, "noise").Split("sub").NextUInt64(), RandomStream.For(42, 3, "noise").Split("sub").NextUInt64());
    }

    [Fact]
    public void Streams_of_neighbouring_chains_are_uncorrelated()
    {
        int n = 200_000;
        var a = new double[n]; var b = new double[n];
        RandomStream.For(7, 0, "noise").FillGaussian(a);
        RandomStream.For(7, 1, "noise").FillGaussian(b);
        double corr = a.Zip(b, (x, y) => x * y).Sum() / n;
        Assert.True(Math.Abs(corr) < 5 / Math.Sqrt(n), $"correlation {corr}");
        double lag = a.Zip(a.Skip(1), (x, y) => x * y).Sum() / (n - 1);
        Assert.True(Math.Abs(lag) < 5 / Math.Sqrt(n), $"lag-1 autocorrelation {lag}");
    }

    [Fact]
    public void Gaussian_fill_depends_only_on_stream_position_not_on_chunking()
    {
        // Values 2j and 2j+1 come from block j. Even-sized pieces therefore reproduce one big fill exactly.
        var whole = new double[1000];
        RandomStream.For(9, 2, "x").FillGaussian(whole);
        var s = RandomStream.For(9, 2, "x");
        var pieces = new double[1000];
        int start = 0;
        foreach (int len in new[] { 2, 510, 88, 400 }) { s.FillGaussian(pieces.AsSpan(start, len)); start += len; }
        Assert.Equal(whole, pieces);
        Assert.Equal(500ul, s.Position);
        // Jumping to block 250 gives values 500… .
        var jump = RandomStream.For(9, 2, "x");
        jump.Position = 250;
        var tail = new double[500];
        jump.FillGaussian(tail);
        Assert.Equal(whole[500..], tail);
        // An odd-sized fill uses a whole block for its last value: the next fill starts at the next block.
        var odd = RandomStream.For(9, 2, "x");
        var three = new double[3];
        odd.FillGaussian(three);
        Assert.Equal(whole[..3], three);
        Assert.Equal(2ul, odd.Position);
        // NextGaussian is the cosine half of block j.
        var one = RandomStream.For(9, 2, "x");
        Assert.Equal(whole[0], one.NextGaussian(), 1e-15);
        Assert.Equal(whole[2], one.NextGaussian(), 1e-15);
        // float fill = the double fill rounded, and mean/std are applied exactly.
        var f = new float[1000];
        RandomStream.For(9, 2, "x").FillGaussian(f);
        Assert.Equal(whole.Select(v => (float)v).ToArray(), f);
        var shifted = new double[1000];
        RandomStream.For(9, 2, "x").FillGaussian(shifted, 3, 0.5);
        for (int i = 0; i < 1000; i++) Assert.Equal(3 + 0.5 * whole[i], shifted[i], 1e-15);
    }

    [Fact]
    public void Gaussian_moments_are_within_five_standard_errors()
    {
        int n = 2_000_000;
        var g = new double[n];
        RandomStream.For(11, 0, "moments").FillGaussian(g);
        double mean = g.Average();
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in g) { double d = v - mean, d2 = d * d; m2 += d2; m3 += d2 * d; m4 += d2 * d2; }
        m2 /= n; m3 /= n; m4 /= n;
        Assert.True(Math.Abs(mean) < 5 / Math.Sqrt(n), $"mean {mean}");
        Assert.True(Math.Abs(m2 - 1) < 5 * Math.Sqrt(2.0 / n), $"variance {m2}");
        Assert.True(Math.Abs(m3 / Math.Pow(m2, 1.5)) < 5 * Math.Sqrt(6.0 / n), $"skewness {m3}");
        Assert.True(Math.Abs(m4 / (m2 * m2) - 3) < 5 * Math.Sqrt(24.0 / n), $"kurtosis {m4 / (m2 * m2)}");
        double tail = g.Count(v => Math.Abs(v) > 3) / (double)n, p3 = Elementwise.ErfcScalar(3 / Math.Sqrt(2));
        Assert.True(Math.Abs(tail - p3) < 5 * Math.Sqrt(p3 / n), $"P(|z| > 3) = {tail}, expected {p3}");
    }

    /// <summary>Kolmogorov–Smirnov statistic √n·D of sorted data against a CDF.</summary>
    private static double KolmogorovSmirnov(double[] sorted, Func<double, double> cdf)
    {
        int n = sorted.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(f - (double)i / n, (i + 1.0) / n - f));
        }
        return Math.Sqrt(n) * d;
    }

    [Fact]
    public void Gaussian_and_uniform_pass_Kolmogorov_Smirnov()
    {
        // √n·D > 1.95 has probability ≈ 0.001 under the null hypothesis.
        int n = 200_000;
        var g = new double[n];
        RandomStream.For(12, 0, "ks").FillGaussian(g);
        Array.Sort(g);
        double ksNormal = KolmogorovSmirnov(g, x => 0.5 * (1 + Elementwise.ErfScalar(x / Math.Sqrt(2))));
        Assert.True(ksNormal < 1.95, $"normal KS {ksNormal}");
        var u = new double[n];
        RandomStream.For(12, 0, "ks-u").FillUniform(u);
        Assert.All(u, v => Assert.True(v >= 0 && v < 1));
        Array.Sort(u);
        Assert.True(KolmogorovSmirnov(u, x => x) < 1.95);
        var single = new double[20_000];
        var s = RandomStream.For(12, 0, "ks-next");
        for (int i = 0; i < single.Length; i++) single[i] = s.NextGaussian();
        Array.Sort(single);
        Assert.True(KolmogorovSmirnov(single, x => 0.5 * (1 + Elementwise.ErfScalar(x / Math.Sqrt(2)))) < 1.95);
        // And a deliberately wrong CDF is rejected (the test has power).
        Assert.True(KolmogorovSmirnov(g, x => 0.5 * (1 + Elementwise.ErfScalar(x / (1.02 * Math.Sqrt(2))))) > 1.95);
    }

    [Fact]
    public void NextInt_covers_its_range_uniformly_and_shuffle_permutes()
    {
        var s = RandomStream.For(13, 0, "int");
        int k = 10, n = 100_000;
        var counts = new int[k];
        for (int i = 0; i < n; i++) { int v = s.NextInt(k); Assert.InRange(v, 0, k - 1); counts[v]++; }
        double chi2 = counts.Sum(c => (c - n / (double)k) * (c - n / (double)k) / (n / (double)k));
        Assert.True(chi2 < 33.7, $"chi² = {chi2} with 9 degrees of freedom (p ≈ 1e-4 at 33.7)");
        Assert.Equal(0, s.NextInt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextInt(0));
        var items = Enumerable.Range(0, 50).ToArray();
        s.Shuffle(items.AsSpan());
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
    }
}
