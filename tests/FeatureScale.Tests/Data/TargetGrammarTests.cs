using FeatureScale.Data;
using FeatureScale.Numerics;
using FeatureScale.Theory;

namespace FeatureScale.Tests.Data;

/// <summary>One target grammar: the teacher, the GP's Hermite series and the LDT's single-degree target read every
/// spelling the same way, against He_m computed directly.</summary>
public class TargetGrammarTests
{
    [Theory]
    [InlineData("h3", 3, 2.449489742783178)]   // He_3/√3!
    [InlineData("he3", 3, 6.0)]                // He_3/3!
    [InlineData("He3", 3, 1.0)]                // raw He_3
    [InlineData("h5", 5, 10.954451150103322)]  // He_5/√5!
    public void EveryLayerReadsASpellingAlike(string spec, int degree, double divisor)
    {
        var teacher = new Teacher(Teacher.ParseTerms(spec), [1.0]);
        var series = HermiteSeries.Parse(spec);
        var ldt = HermiteTarget.Parse(spec);
        Assert.Equal(degree, ldt.Degree);
        foreach (var z in new[] { -1.7, 0.3, 2.2 })
        {
            double expected = Hermite.He(degree, z) / divisor;
            Assert.Equal(expected, teacher.Evaluate(z), 1e-12);
            Assert.Equal(expected, series.Evaluate(z), 1e-12);
            Assert.Equal(expected, ldt.Value(z), 1e-12);
        }
        Assert.Equal(spec, ldt.ToString());
        Assert.Equal(spec, teacher.ToString());
    }

    [Fact]
    public void SumsAndDifferencesAreOneGrammarAndTheLdtRefusesThemClearly()
    {
        var s = HermiteSeries.Parse("h1-1.8*he3");
        Assert.Equal(Hermite.He(1, 0.7) - 0.3 * Hermite.He(3, 0.7), s.Evaluate(0.7), 12);
        var e = Assert.Throws<ConfigException>(() => HermiteTarget.Parse("h1+h3"));
        Assert.Contains("one Hermite term", e.Message);
        Assert.Throws<ConfigException>(() => Teacher.ParseTerms("x3"));
    }
}
