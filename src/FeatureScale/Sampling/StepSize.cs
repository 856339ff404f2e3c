using System.Numerics.Tensors;
using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// A safe default step size from the problem: the largest curvature λ_max of the action U (data term plus
/// κ-weighted prior) at the initial point, by power iteration on finite-difference Hessian–vector products of the
/// model's own gradient. Stability of the Langevin update needs η λ_max &lt; 2; the default is
/// η = <see cref="SafeFraction"/>/λ_max.
/// </summary>
public static class StepSize
{
    /// <summary>Default η λ_max.</summary>
    public const double SafeFraction = 0.1;

    /// <summary>η λ_max above which a warning is given.</summary>
    public const double WarnFraction = 1.0;

    /// <summary>Estimates λ_max of ∇²U at θ (only the free blocks move).</summary>
    public static double LargestCurvature(IPosteriorModel<double> model, ReadOnlySpan<double> theta, double kappa, IReadOnlyList<bool> frozen, RandomStream rng, int iterations = 30)
    {
        int n = model.ParameterCount;
        var blocks = model.Blocks;
        var v = new double[n]; var hv = new double[n];
        var plus = new double[n]; var minus = new double[n];
        var gp = new double[n]; var gm = new double[n];
        var skip = frozen.ToArray();
        rng.FillGaussian(v);
        ZeroFrozen(v, blocks, skip);
        Normalise(v);
        double thetaNorm = Math.Sqrt(TensorPrimitives.SumOfSquares(theta));
        double eps = 1e-5 * Math.Max(1.0, thetaNorm);
        double lambda = 0;
        for (int it = 0; it < iterations; it++)
        {
            TensorPrimitives.MultiplyAdd(v, eps, theta, plus);
            TensorPrimitives.MultiplyAdd(v, -eps, theta, minus);
            model.LossAndGradient(plus, gp, skip);
            model.LossAndGradient(minus, gm, skip);
            TensorPrimitives.Subtract(gp, gm, hv);
            TensorPrimitives.Multiply(hv, 1 / (2 * eps), hv);
            for (int b = 0; b < blocks.Count; b++)
            {
                var blk = blocks[b];
                if (skip[b]) { hv.AsSpan(blk.Offset, blk.Length).Clear(); continue; }
                TensorPrimitives.MultiplyAdd(v.AsSpan(blk.Offset, blk.Length), kappa / blk.PriorVariance, hv.AsSpan(blk.Offset, blk.Length), hv.AsSpan(blk.Offset, blk.Length));
            }
            lambda = Math.Abs(TensorPrimitives.Dot(v, hv));
            double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(hv));
            if (!(norm > 0) || !double.IsFinite(norm)) break;
            TensorPrimitives.Multiply(hv, 1 / norm, v);
            lambda = Math.Max(lambda, 0);
        }
        return lambda;
    }

    /// <summary>
    /// λ_max of the action in prior-normalised coordinates z = θ/√v_b at temperature 1 (≥ 1, the prior's curvature):
    /// the scale of the step h of the samplers that work in z (preconditioned Langevin, MALA, BAOAB).
    /// </summary>
    public static double LargestNormalisedCurvature(IPosteriorModel<double> model, ReadOnlySpan<double> theta, double kappa,
        IReadOnlyList<bool> frozen, RandomStream rng, int iterations = 30)
    {
        var z = new double[theta.Length];
        PriorNormalisedModel.ToNormalised(model.Blocks, theta, z);
        return Math.Max(1.0, LargestCurvature(new PriorNormalisedModel(model, kappa), z, 1.0, frozen, rng, iterations));
    }

    private static void ZeroFrozen(double[] v, IReadOnlyList<ParameterBlock> blocks, bool[] skip)
    {
        for (int b = 0; b < blocks.Count; b++) if (skip[b]) v.AsSpan(blocks[b].Offset, blocks[b].Length).Clear();
    }

    private static void Normalise(double[] v)
    {
        double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(v));
        if (norm > 0) TensorPrimitives.Multiply(v, 1 / norm, v);
    }
}
