using FeatureScale.Analysis;

namespace FeatureScale.Tests.Analysis;

/// <summary><see cref="Verdicts.Curve"/>: a measured curve against a whole predicted curve (Figs. 5–6).</summary>
public class CurveVerdictTests
{
    private static readonly double[] X = [8, 16, 32, 64, 128];
    private static readonly double[] Predicted = X.Select(x => 1 / (2 + x * x) * (1 + x / 120)).ToArray();

    [Fact]
    public void AMeasurementOnThePredictedShapeAgreesWhateverItsLevel()
    {
        var v = Verdicts.Curve("R", "D", X, Predicted.Select(y => 3 * y).ToArray(), Predicted, -2);
        Assert.True(v.AgreesWithPaper);
        Assert.Equal("agrees", v.Status);
        Assert.Contains("agrees with the idealised curve", v.Text);
        Assert.Contains("measured/predicted 3.00 … 3.00", v.Text);
        Assert.Equal(v.Numbers!.Theory!.Value, v.Numbers.Estimate, 9);
        Assert.Equal(-2, v.Numbers.Paper);
    }

    [Fact]
    public void AStraightMinusTwoLineDisagreesWithACurvedPrediction()
    {
        // A pure D⁻² measurement against a prediction that flattens at large D: the local slopes part by > 0.25.
        var flat = X.Select(x => Math.Pow(x, -1.2)).ToArray();
        var v = Verdicts.Curve("R", "D", X, X.Select(x => 1 / (x * x)).ToArray(), flat, -2);
        Assert.False(v.AgreesWithPaper);
        Assert.Equal("disagrees", v.Status);
        Assert.Contains("differ by up to 0.80", v.Text);
    }

    [Fact]
    public void NoPredictionOrTooFewPointsIsInconclusive()
    {
        var none = Verdicts.Curve("R", "D", X, Predicted, null, -2);
        Assert.Null(none.AgreesWithPaper);
        Assert.Equal("inconclusive", none.Status);
        var few = Verdicts.Curve("R", "D", X, [1, -1, double.NaN, 0.1, -3], Predicted, -2);
        Assert.Equal("inconclusive", few.Status);
        Assert.Contains("only 2 usable points", few.Text);
    }

    [Fact]
    public void ToleranceDecides()
    {
        var tilted = X.Select((x, i) => Predicted[i] * Math.Pow(x, -0.2)).ToArray();
        Assert.True(Verdicts.Curve("R", "D", X, tilted, Predicted, -2, tolerance: 0.25).AgreesWithPaper);
        Assert.False(Verdicts.Curve("R", "D", X, tilted, Predicted, -2, tolerance: 0.15).AgreesWithPaper);
    }

    [Fact]
    public void NoisyPointsAreLeftOutAndCounted()
    {
        // A wild first point with a 50% error is left out; the rest follow the prediction.
        var measured = Predicted.Select((y, i) => i == 0 ? 10 * y : y).ToArray();
        double[] err = [0.5, 0.01, 0.01, 0.01, 0.01];
        Assert.False(Verdicts.Curve("R", "D", X, measured, Predicted, -2).AgreesWithPaper);
        var v = Verdicts.Curve("R", "D", X, measured, Predicted, -2, relativeError: err);
        Assert.True(v.AgreesWithPaper);
        Assert.Contains("1 point with relative error > 10% left out", v.Text);
        Assert.Contains("over [16, 128]", v.Text);
    }
}
