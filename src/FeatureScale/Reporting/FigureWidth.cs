namespace FeatureScale.Reporting;

/// <summary>The paper width a figure is drawn for (PNG at <see cref="FigureStyle.Dpi"/>).</summary>
public enum FigureWidth
{
    /// <summary>One column of a two-column paper: 3.4 in × 2.6 in (1020 × 780 px at 300 dpi).</summary>
    Column,

    /// <summary>The full page width: 7 in × 4.4 in (2100 × 1320 px at 300 dpi).</summary>
    Page,
}
