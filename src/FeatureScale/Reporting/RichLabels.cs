using ScottPlot;
using SkiaSharp;

namespace FeatureScale.Reporting;

/// <summary>
/// Draws the labels that Unicode cannot set (A_f, d^{1.03 ± 0.07}) as runs on the baseline, lowered and raised.
/// ScottPlot lays such a label out and draws its plain-text fallback (<see cref="MathText.Format"/>) transparently,
/// which reserves its place; this render action, run after everything else, draws the runs into the rectangle
/// ScottPlot recorded for it (<see cref="LabelStyle.LastRenderPixelRect"/>), in the label's font, colour and
/// rotation. Written by hand because ScottPlot 5 labels take one plain string (no markup). The same drawing goes
/// to the PNG and the SVG canvas.
/// </summary>
internal sealed class RichLabels : IRenderAction
{
    private const float ScriptScale = 0.7f;   // script size relative to the label's
    private const float SubDrop = 0.22f;      // baseline shifts in units of the label's font size
    private const float SuperRise = 0.38f;

    private readonly List<(LabelStyle Style, IReadOnlyList<MathRun> Runs, Color Color, bool Centred)> _labels = [];

    /// <summary>Whether any label needs drawing here.</summary>
    public bool IsEmpty => _labels.Count == 0;

    /// <summary>Sets <paramref name="style"/>'s text to <paramref name="raw"/> formatted; when that plain text
    /// cannot show the label's scripts, hides it and draws the runs instead (centred, or from the left edge).</summary>
    public void Add(LabelStyle style, string raw, bool centred)
    {
        style.Text = MathText.Format(raw);
        if (MathText.IsPlain(raw)) return;
        _labels.Add((style, MathText.Parse(raw), style.ForeColor, centred));
        style.ForeColor = Colors.Transparent;
    }

    /// <inheritdoc />
    public void Render(RenderPack rp)
    {
        foreach (var (style, runs, color, centred) in _labels) Draw(rp.Canvas, style, runs, color, centred);
    }

    private static void Draw(SKCanvas canvas, LabelStyle style, IReadOnlyList<MathRun> runs, Color color, bool centred)
    {
        var rect = style.LastRenderPixelRect;
        if (!(rect.Width > 0) || !(rect.Height > 0)) return;
        using var typeface = SKTypeface.FromFamilyName(style.FontName,
            style.Bold ? SKFontStyle.Bold : SKFontStyle.Normal) ?? SKTypeface.Default;
        using var font = new SKFont(typeface, style.FontSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
        using var small = new SKFont(typeface, style.FontSize * ScriptScale)
            { Subpixel = true, Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = color.ToSKColor(), IsAntialias = true };
        float width = runs.Sum(r => (r.Script == MathScript.Normal ? font : small).MeasureText(r.Text));
        font.GetFontMetrics(out var metrics);
        // ScottPlot rotates a label about the top centre of its unrotated rectangle
        float baseline = (rect.Height - (metrics.Descent - metrics.Ascent)) / 2 - metrics.Ascent;
        canvas.Save();
        canvas.Translate(rect.HorizontalCenter, rect.Top);
        canvas.RotateDegrees(style.Rotation);
        float x = centred ? -width / 2 : -rect.Width / 2;
        foreach (var run in runs)
        {
            var f = run.Script == MathScript.Normal ? font : small;
            float dy = run.Script switch
            {
                MathScript.Sub => SubDrop * style.FontSize,
                MathScript.Super => -SuperRise * style.FontSize,
                _ => 0f,
            };
            canvas.DrawText(run.Text, x, baseline + dy, SKTextAlign.Left, f, paint);
            x += f.MeasureText(run.Text);
        }
        canvas.Restore();
    }
}
