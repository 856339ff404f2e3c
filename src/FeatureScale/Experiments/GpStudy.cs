using FeatureScale.Data;
using FeatureScale.Numerics;
using FeatureScale.Kernels;

namespace FeatureScale.Experiments;

/// <summary>
/// GP predictions for a training configuration: predicted A_f and test MSE at the configured P (spectrum theory and
/// direct GP regression on sampled Gaussian data), and the learning curve vs P.
/// </summary>
public static class GpStudy
{
    /// <summary>Direct GP regression on P fresh Gaussian inputs: (A_f, MSE of the mean, posterior MSE incl. variance).</summary>
    public static (double Alignment, double Mse, double PosteriorMse) Direct(NngpKernel kernel, HermiteSeries target, int d, int p, double kappa, int testPoints, ulong seed, uint repeat = 0, bool sphere = false)
    {
        var teacher = new double[d];
        RandomStream.For(seed, 0, "gp-teacher").FillGaussian(teacher);
        double norm = Math.Sqrt(teacher.Sum(v => v * v));
        for (int i = 0; i < d; i++) teacher[i] /= norm;
        var x = new double[p * d]; RandomStream.For(seed, repeat, "gp-train").FillGaussian(x);
        var xt = new double[testPoints * d]; RandomStream.For(seed, repeat, "gp-test").FillGaussian(xt);
        if (sphere) { ProjectToSphere(x, p, d); ProjectToSphere(xt, testPoints, d); }
        var y = Targets(x, p, d, teacher, target);
        var yt = Targets(xt, testPoints, d, teacher, target);
        var gp = new GaussianProcessRegression(kernel, x, p, d, y, kappa);
        var (mean, variance) = gp.Predict(xt, testPoints);
        double fy = 0, yy = 0, mse = 0, v = 0;
        for (int i = 0; i < testPoints; i++)
        {
            fy += mean[i] * yt[i]; yy += yt[i] * yt[i];
            mse += (mean[i] - yt[i]) * (mean[i] - yt[i]); v += variance[i];
        }
        // A_f = ⟨f, y⟩/⟨y, y⟩; ⟨y, y⟩ is known exactly for Gaussian inputs (less noisy than its sample estimate).
        double norm2 = sphere ? yy / testPoints : target.Norm2;
        return (fy / testPoints / norm2, mse / testPoints, (mse + v) / testPoints);
    }

    /// <summary>Rescales each row of x (n×d) to |x|² = d.</summary>
    public static void ProjectToSphere(double[] x, int n, int d)
    {
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            double s = Math.Sqrt(d / System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(row));
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, s, row);
        }
    }

    private static double[] Targets(double[] x, int n, int d, double[] teacher, HermiteSeries target)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = target.Evaluate(LinearAlgebra.Provider.Dot(x.AsSpan(i * d, d), teacher));
        return y;
    }

    /// <summary>Runs the study for a configuration.</summary>
    public static GpStudyResult Run(GpConfig config, IProgressSink? progress = null, int maxDegree = 8)
    {
        progress ??= NullProgress.Instance;
        var kernel = config.Kernel();
        var target = HermiteSeries.Parse(config.Target);
        var power = target.PowerByDegree();
        int degree = Math.Max(maxDegree, power.Length - 1);
        var spectrum = DotProductSpectrum.Compute(kernel, config.D, degree);
        var grid = (config.PGrid ?? DefaultGrid(config.P)).Select(v => (int)Math.Round(v)).Where(v => v >= 1).Distinct().OrderBy(v => v).ToArray();
        var curve = new List<GpCurvePoint>();
        GpCurvePoint Point(int p, bool direct)
        {
            var th = Eigenlearning.PredictForKernel(kernel, config.D, p, power, config.Kappa, degree);
            double? a = null, m = null, pm = null;
            if (direct)
            {
                double sa = 0, sm = 0, spm = 0;
                for (uint rep = 0; rep < config.Repeats; rep++)
                {
                    var r = Direct(kernel, target, config.D, p, config.Kappa, config.TestPoints, config.Seed, rep, config.Inputs == "sphere");
                    sa += r.Alignment; sm += r.Mse; spm += r.PosteriorMse;
                }
                (a, m, pm) = (sa / config.Repeats, sm / config.Repeats, spm / config.Repeats);
            }
            return new GpCurvePoint(p, th.Alignment, th.TestMse, th.EffectiveRidge, a, m, pm);
        }
        for (int i = 0; i < grid.Length; i++)
        {
            curve.Add(Point(grid[i], grid[i] <= config.DirectMaxP));
            progress.Report((i + 1.0) / (grid.Length + 1), $"P = {grid[i]}");
        }
        var atP = Point(config.P, config.P <= Math.Max(config.DirectMaxP, 20000));
        progress.Report(1, "done");
        return new GpStudyResult(config, kernel.ToString(), target.Norm2, atP, curve, spectrum);
    }

    /// <summary>Log-spaced P from max(4, P/64) to 4P, 13 points.</summary>
    public static double[] DefaultGrid(int p)
    {
        double lo = Math.Max(4, p / 64.0), hi = 4.0 * p;
        return Enumerable.Range(0, 13).Select(i => lo * Math.Pow(hi / lo, i / 12.0)).ToArray();
    }
}
