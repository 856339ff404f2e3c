using FeatureScale.Sampling;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureScale.Tests.Sampling;

/// <summary>
/// A two-block linear-Gaussian model f = X₀θ₀ + X₁θ₁ with prior variances v₀ ≠ v₁ and L = ½‖f − y‖²: its posterior
/// at temperature κ is Gaussian with precision Λ = XᵀX/κ + diag(1/v), mean Λ⁻¹Xᵀy/κ. Block 1 is its read-out.
/// </summary>
internal sealed class LinearGaussianModel : IPosteriorModel<double>, IGaussianReadout<double>
{
    private readonly double[] _x, _y; // rows × n
    private readonly int _rows, _n0, _n1;
    private readonly ParameterBlock[] _blocks;

    public LinearGaussianModel(double[] x, double[] y, int rows, int n0, int n1, double v0, double v1)
    {
        _x = x; _y = y; _rows = rows; _n0 = n0; _n1 = n1;
        _blocks = [new ParameterBlock("W1", 0, n0, v0), new ParameterBlock("a", n0, n1, v1)];
    }

    public int ParameterCount => _n0 + _n1;
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;
    public int ReadoutBlock => 1;

    public double LossAndGradient(ReadOnlySpan<double> theta, Span<double> gradient, ReadOnlySpan<bool> skipBlocks = default)
    {
        int n = ParameterCount;
        gradient.Clear();
        double loss = 0;
        for (int r = 0; r < _rows; r++)
        {
            double f = 0;
            for (int i = 0; i < n; i++) f += _x[r * n + i] * theta[i];
            double e = f - _y[r];
            loss += 0.5 * e * e;
            for (int i = 0; i < n; i++) gradient[i] += e * _x[r * n + i];
        }
        return loss;
    }

    public double Loss(ReadOnlySpan<double> theta) => LossAndGradient(theta, new double[ParameterCount]);

    public void AddReadoutMoments(ReadOnlySpan<double> theta, Span<double> gram, Span<double> rhs)
    {
        int n = ParameterCount;
        for (int r = 0; r < _rows; r++)
        {
            double rest = 0;
            for (int i = 0; i < _n0; i++) rest += _x[r * n + i] * theta[i];
            for (int i = 0; i < _n1; i++)
            {
                double hi = _x[r * n + _n0 + i];
                rhs[i] += hi * (_y[r] - rest);
                for (int j = 0; j < _n1; j++) gram[i * _n1 + j] += hi * _x[r * n + _n0 + j];
            }
        }
    }

    /// <summary>The posterior precision Λ at temperature κ.</summary>
    public Matrix<double> Precision(double kappa)
    {
        int n = ParameterCount;
        var x = Matrix<double>.Build.Dense(_rows, n, (r, i) => _x[r * n + i]);
        var prior = Matrix<double>.Build.DenseOfDiagonalArray(
            Enumerable.Range(0, n).Select(i => 1 / (i < _n0 ? _blocks[0].PriorVariance : _blocks[1].PriorVariance)).ToArray());
        return x.TransposeThisAndMultiply(x) / kappa + prior;
    }

    /// <summary>The posterior mean at temperature κ.</summary>
    public Vector<double> Mean(double kappa)
    {
        int n = ParameterCount;
        var x = Matrix<double>.Build.Dense(_rows, n, (r, i) => _x[r * n + i]);
        return Precision(kappa).Solve(x.TransposeThisAndMultiply(Vector<double>.Build.Dense(_y)) / kappa);
    }

    /// <summary>diag(√v) (θ = S z).</summary>
    public Matrix<double> Scale() => Matrix<double>.Build.DenseOfDiagonalArray(
        Enumerable.Range(0, ParameterCount).Select(i => Math.Sqrt(i < _n0 ? _blocks[0].PriorVariance : _blocks[1].PriorVariance)).ToArray());
}
