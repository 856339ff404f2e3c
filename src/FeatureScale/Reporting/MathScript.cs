namespace FeatureScale.Reporting;

/// <summary>Where a run of label text sits: on the baseline, lowered (subscript) or raised (superscript).</summary>
public enum MathScript
{
    /// <summary>Ordinary text on the baseline.</summary>
    Normal,

    /// <summary>A subscript (x_k, x_{…}).</summary>
    Sub,

    /// <summary>A superscript (x^k, x^{…}).</summary>
    Super,
}
