using ScottPlot;

namespace FeatureScale.Reporting;

/// <summary>
/// The one style of every FeatureScale figure: sizes in inches at 300 dpi, font sizes, line and marker widths,
/// a colour-blind-safe palette (Category10) and a marker shape per series so that a grey print still tells
/// series apart.
/// </summary>
public static class FigureStyle
{
    /// <summary>Resolution of the PNG files.</summary>
    public const int Dpi = 300;

    /// <summary>Fraction of the data range added as empty margin on each side of an axis.</summary>
    public const double Margin = 0.05;

    /// <summary>Line width of curves (in points at 96 per inch, scaled with the resolution).</summary>
    public const float LineWidth = 1.5f;

    /// <summary>Line width of error bars.</summary>
    public const float ErrorBarWidth = 1f;

    /// <summary>Marker diameter.</summary>
    public const float MarkerSize = 6f;

    /// <summary>The series colours.</summary>
    public static IPalette Palette { get; } = new ScottPlot.Palettes.Category10();

    private static readonly MarkerShape[] Markers =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
         MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp,
         MarkerShape.OpenDiamond];

    /// <summary>The marker shape of the i-th series.</summary>
    public static MarkerShape Marker(int index) =>
        Markers[((index % Markers.Length) + Markers.Length) % Markers.Length];

    /// <summary>Width and height in inches.</summary>
    public static (double Width, double Height) Inches(FigureWidth width) =>
        width == FigureWidth.Column ? (3.4, 2.6) : (7.0, 4.4);

    /// <summary>Canvas size in 96-per-inch units (the SVG's size; the PNG is this scaled to 300 dpi).</summary>
    public static (int Width, int Height) LogicalSize(FigureWidth width)
    {
        var (w, h) = Inches(width);
        return ((int)Math.Round(w * 96), (int)Math.Round(h * 96));
    }

    /// <summary>PNG size in pixels at <see cref="Dpi"/>.</summary>
    public static (int Width, int Height) PixelSize(FigureWidth width)
    {
        var (w, h) = Inches(width);
        return ((int)Math.Round(w * Dpi), (int)Math.Round(h * Dpi));
    }

    /// <summary>Applies fonts, grid and legend style to a plot.</summary>
    public static void Apply(Plot plot)
    {
        plot.Axes.Title.Label.FontSize = 12;
        plot.Axes.Title.Label.Bold = false;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.Label.FontSize = 11;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 9;
        }
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.Legend.FontSize = 8;
        plot.Legend.OutlineColor = Colors.Black.WithAlpha(0.25);
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.85);
    }
}
