namespace FeatureScale.Reporting;

/// <summary>
/// Study figures (A_f vs P, P* vs size, collapse, densities) as PNG and SVG: a list-of-series front end to the one
/// plotting layer, <see cref="Reporting.FigureBuilder"/>.
/// </summary>
public static class StudyPlots
{
    /// <summary>
    /// Draws the series and writes basePath.png and basePath.svg. Errors on a log y axis are drawn in log space
    /// (from y−low to y+high). Non-finite or non-positive (on log axes) points are skipped. Returns the number of
    /// drawn points (error-bar ends included) that fall outside the axes: 0 unless the plotting layer has a bug.
    /// </summary>
    public static int Write(string basePath, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series,
        bool logX, bool logY, double? horizontalLine = null, string? horizontalLabel = null,
        FigureWidth width = FigureWidth.Page)
    {
        var figure = new Reporting.FigureBuilder(title, xLabel, yLabel, logX, logY).Width(width).Legend(ScottPlot.Alignment.UpperLeft);
        foreach (var s in series) figure.Curve(s.Label, s.X, s.Y, s.YErrLow, s.YErrHigh, s.Line, s.Markers, s.Dashed);
        if (horizontalLine is { } h) figure.HorizontalLine(h, horizontalLabel);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(basePath))!);
        figure.Save(basePath);
        return figure.PointsOutsideAxes().Count;
    }
}
