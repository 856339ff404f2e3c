namespace FeatureScale.Reporting;

/// <summary>One series of a study figure: points with optional symmetric or asymmetric y errors.</summary>
public sealed record PlotSeries(string Label, double[] X, double[] Y, double[]? YErrLow = null, double[]? YErrHigh = null,
    bool Line = true, bool Markers = true, bool Dashed = false);
