namespace FeatureScale.Numerics;

/// <summary>A straight-line fit y = intercept + slope·x with standard errors.</summary>
public sealed record LinearFit(double Slope, double Intercept, double SlopeStdError, double InterceptStdError, double RSquared, int Points)
{
    /// <summary>Ordinary least squares on (x, y); with weights, weighted least squares (weights ∝ 1/variance).</summary>
    public static LinearFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights = default)
    {
        int n = x.Length;
        if (n != y.Length) throw new ArgumentException("x and y differ in length");
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException("weights differ in length");
        if (n < 2) throw new ArgumentException("a line needs at least two points");
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < n; i++) { double w = weights.IsEmpty ? 1 : weights[i]; sw += w; sx += w * x[i]; sy += w * y[i]; }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i], dx = x[i] - mx, dy = y[i] - my;
            sxx += w * dx * dx; sxy += w * dx * dy; syy += w * dy * dy;
        }
        if (sxx <= 0) throw new ArgumentException("all x values are equal: the slope is undefined");
        double slope = sxy / sxx, intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) { double w = weights.IsEmpty ? 1 : weights[i], r = y[i] - intercept - slope * x[i]; rss += w * r * r; }
        double s2 = n > 2 ? rss / (n - 2) : double.NaN;
        double seSlope = Math.Sqrt(s2 / sxx), seIntercept = Math.Sqrt(s2 * (1.0 / sw + mx * mx / sxx));
        double r2 = syy > 0 ? 1 - rss / syy : 1;
        return new LinearFit(slope, intercept, seSlope, seIntercept, r2, n);
    }
}
