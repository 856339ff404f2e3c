using FeatureScale.Architectures;
using FeatureScale.Data;
using FeatureScale.Numerics;

namespace FeatureScale.Verification;

/// <summary>
/// The lazy (NNGP) A_f of the two-layer CNN with non-overlapping patches on the patch-sum target
/// y = Σ_i h(w*·x_i): GP regression with the architecture's exact kernel (Eq. 79 at infinite N,
/// <see cref="PatchArchitecture.Kernel"/>) and ridge κ on P Gaussian training points, A_f = ⟨f, y⟩/⟨y, y⟩ on a
/// test set with ⟨y, y⟩ = N_w ⟨h, h⟩ exactly (the patches are independent). Written here because the FCN's
/// closed-form eigenlearning does not hold for the patch kernel's spectrum; P is at most a few thousand, so the
/// direct O((P + T)²·d) kernel and O(P³) Cholesky are cheap.
/// </summary>
public static class PatchLazyAlignment
{
    /// <summary>A_f of the GP posterior mean at (patches, patch size, P), averaged over <paramref name="sets"/>
    /// independent data sets.</summary>
    public static double Of(int patches, int patchSize, string activation, string target, int p, double kappa = 1,
        int testPoints = 1000, int sets = 2, ulong seed = 1)
    {
        var arch = new PatchArchitecture(patches, patchSize, 1, 1, Activations.Activation.Parse(activation));
        var h = HermiteSeries.Parse(target);
        int d = patches * patchSize, n = p + testPoints;
        double sum = 0;
        for (int set = 0; set < sets; set++)
        {
            var w = new double[patchSize];
            RandomStream.For(seed, (uint)set, "lazy-teacher").FillGaussian(w);
            double norm = Math.Sqrt(w.Sum(v => v * v));
            for (int k = 0; k < patchSize; k++) w[k] /= norm;
            var x = new double[n * d];
            RandomStream.For(seed, (uint)set, "lazy-data").FillGaussian(x);
            var y = new double[n];
            for (int q = 0; q < n; q++)
                for (int i = 0; i < patches; i++)
                {
                    double z = 0;
                    for (int k = 0; k < patchSize; k++) z += x[q * d + i * patchSize + k] * w[k];
                    y[q] += h.Evaluate(z);
                }
            var gram = arch.Kernel(x, n, RandomStream.For(seed, (uint)set, "lazy-kernel")).Values;
            var factor = new double[p * p];
            for (int a = 0; a < p; a++)
            {
                Array.Copy(gram, a * n, factor, a * p, p);
                factor[a * p + a] += kappa;
            }
            LinearAlgebra.Provider.CholeskyFactor(factor, p);
            var alpha = y[..p];
            LinearAlgebra.Provider.CholeskySolve(factor, p, alpha, 1);
            double fy = 0;
            for (int t = p; t < n; t++)
            {
                double f = 0;
                for (int a = 0; a < p; a++) f += gram[t * n + a] * alpha[a];
                fy += f * y[t];
            }
            sum += fy / testPoints / (patches * h.Norm2);
        }
        return sum / sets;
    }
}
