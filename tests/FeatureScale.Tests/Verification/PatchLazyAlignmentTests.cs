using FeatureScale.Activations;
using FeatureScale.Data;
using FeatureScale.Experiments;
using FeatureScale.Kernels;
using FeatureScale.Verification;

namespace FeatureScale.Tests.Verification;

/// <summary>The CNN's lazy A_f (direct GP regression with the patch kernel) against independent computations.</summary>
public class PatchLazyAlignmentTests
{
    [Theory]
    [InlineData("h1", 12)]
    [InlineData("h3", 60)]
    public void WithOnePatchItIsTheFcnsGpRegressionOnTheSameProblem(string target, int p)
    {
        // N_w = 1 is the two-layer FCN: the NNGP kernel and GpStudy's regression are a separate implementation
        const int d = 6, sets = 100;
        double patch = PatchLazyAlignment.Of(1, d, "erf", target, p, sets: sets, testPoints: 500);
        var kernel = new NngpKernel(Activation.Parse("erf"), 2);
        double fcn = Enumerable.Range(0, sets).Average(r =>
            GpStudy.Direct(kernel, HermiteSeries.Parse(target), d, p, 1.0, 500, 5, (uint)r).Alignment);
        Assert.InRange(patch - fcn, -0.15 * fcn - 0.005, 0.15 * fcn + 0.005);   // 100 sets: SE ≈ 5%
        Assert.InRange(patch, 0.005, 0.95);
    }

    [Fact]
    public void PatchesOfALinearTargetAreLearntLikeOneLinearTargetOfTheWholeInput()
    {
        // the patch kernel's degree-1 part is (c₁/d) x·x' for every N_w (σ₁²/S per patch, 1/N_w from the read-out),
        // the FCN's too; its other degrees differ but carry little weight at P ≪ d² for a linear target
        double one = PatchLazyAlignment.Of(1, 16, "erf", "h1", 8, sets: 100, testPoints: 500);
        double four = PatchLazyAlignment.Of(4, 4, "erf", "h1", 8, sets: 100, testPoints: 500);
        Assert.InRange(four - one, -0.03, 0.03);   // 0.129 and 0.122 measured, SE ≈ 0.01 each
        Assert.InRange(four, 0.08, 0.2);           // above the 0.1 threshold already at P = d/2
    }
}
