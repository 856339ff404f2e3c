using FeatureScale.Numerics;
using FeatureScale.Theory;

namespace FeatureScale.Tests.Theory;

/// <summary>The symbolic minimiser against a brute-force numerical minimisation of the log-space LP.</summary>
public class TropicalMinimizerTests
{
    [Fact]
    public void RationalAndMonomialArithmetic()
    {
        Assert.Equal(new Rational(1, 3), Rational.Parse("0.3333333333"));
        Assert.Equal(new Rational(-3, 4), Rational.Parse("-3/4"));
        var m = Monomial.Parse("(N1*N2*d)^(1/3)");
        Assert.Equal(new Rational(1, 3), m["N2"]);
        Assert.Equal("(N1*N2*d)^(1/3)", m.ToString());
        Assert.Equal(Monomial.Parse("d^(2/3)"), m.Substitute(new Dictionary<string, Monomial> { ["N1"] = Monomial.Parse("d^(1/2)"), ["N2"] = Monomial.Parse("d^(1/2)") }));
        Assert.Equal(Monomial.Parse("N^(1/2) d^-1"), Monomial.Parse("N^1/2*d^(-1)"));
        Assert.Equal(Monomial.Parse("N*M^-1"), Monomial.Parse("N/M"));
        Assert.Equal(Monomial.Parse("d^-1"), Monomial.Parse("1/d"));
        Assert.Equal(Monomial.Parse("d^(1/2)"), Monomial.Parse("d^1/2"));
        Assert.Throws<ConfigException>(() => Monomial.Parse("d^^2"));
    }

    [Fact]
    public void RandomPosynomialsAgreeWithBruteForce()
    {
        var rng = RandomStream.For(11, 0, "tropical");
        int checkedCases = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            int k = 1 + trial % 2, n = 2 + rng.NextInt(3);
            var terms = new List<Monomial>();
            for (int j = 0; j < n; j++)
            {
                var e = new List<KeyValuePair<string, Rational>>
                {
                    new("d", new Rational(rng.NextInt(7) - 1, 1 + rng.NextInt(2))),
                    new("N", new Rational(rng.NextInt(5) - 1, 1 + rng.NextInt(2))),
                };
                for (int i = 0; i < k; i++) e.Add(new($"p{i}", new Rational(rng.NextInt(5) - 2, 1)));
                terms.Add(Monomial.Of(e));
            }
            var names = Enumerable.Range(0, k).Select(i => $"p{i}").ToList();
            var min = TropicalMinimizer.Minimize(terms, names);
            var logs = new Dictionary<string, double> { ["d"] = 1.0, ["N"] = 0.3 + 2 * rng.NextDouble() };
            double brute = BruteForce(terms, names, logs);
            if (min.Unbounded) { Assert.True(brute < -20, $"trial {trial}: unbounded symbolically but brute force gives {brute}"); continue; }
            Assert.True(brute > -20, $"trial {trial}: bounded symbolically, brute force {brute}");
            double sym = min.Evaluate(logs).LogEnergy;
            Assert.True(Math.Abs(sym - brute) < 2e-3, $"trial {trial}: symbolic {sym} vs brute force {brute}");
            checkedCases++;
        }
        Assert.True(checkedCases > 20);
    }

    /// <summary>min over p ∈ [−100, 100]^k of max_j (a_j·s + b_j·p), by nested golden-section (the objective is convex).</summary>
    private static double BruteForce(List<Monomial> terms, List<string> names, Dictionary<string, double> logs)
    {
        double F(double[] p)
        {
            double best = double.NegativeInfinity;
            foreach (var t in terms)
            {
                double v = 0;
                foreach (var x in t.Variables) v += t[x].ToDouble() * (logs.TryGetValue(x, out var l) ? l : p[names.IndexOf(x)]);
                best = Math.Max(best, v);
            }
            return best;
        }
        double Golden(Func<double, double> f, double a, double b)
        {
            const double r = 0.6180339887498949;
            double c = b - r * (b - a), d = a + r * (b - a);
            double fc = f(c), fd = f(d);
            for (int i = 0; i < 90; i++)
            {
                if (fc < fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c); }
                else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d); }
            }
            return f(0.5 * (a + b));
        }
        if (names.Count == 1) return Golden(x => F([x]), -100, 100);
        return Golden(x => Golden(y => F([x, y]), -100, 100), -100, 100);
    }
}
