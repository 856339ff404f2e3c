using System.Reflection;
using FeatureScale.Architectures;
using FeatureScale.Numerics;

namespace FeatureScale.Tests.Architectures;

/// <summary>
/// Every architecture in the library (every type implementing <see cref="IArchitecture"/>, found by reflection) is
/// checked the stax way: the covariance E[f(x)f(x′)] of its own finite network under prior draws of θ must equal the
/// kernel the same description gives. For the two-layer families here (FCN, patch CNN, attention head) the read-out
/// is independent of the rest, so the identity holds at any width: only Monte-Carlo error is allowed (4 SE).
/// </summary>
public class ArchitectureKernelTests
{
    private static IEnumerable<string> TypeNames => typeof(IArchitecture).Assembly.GetTypes()
        .Where(t => typeof(IArchitecture).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract)
        .Select(t => t.FullName!);

    public static TheoryData<string> Architectures => new(TypeNames);

    private static IArchitecture Example(string typeName)
    {
        var type = typeof(IArchitecture).Assembly.GetType(typeName)!;
        var prop = type.GetProperty("Example", BindingFlags.Public | BindingFlags.Static);
        Assert.True(prop is not null, $"{type.Name} implements IArchitecture but has no public static Example");
        return (IArchitecture)prop.GetValue(null)!;
    }

    [Theory, MemberData(nameof(Architectures))]
    public void KernelEqualsTheCovarianceOfTheNetworksOwnPriorDraws(string typeName)
    {
        var arch = Example(typeName);
        const int count = 3, draws = 20000;
        var rng = RandomStream.For(7, 0, "architecture kernel test inputs");
        var x = new double[count * arch.InputSize];
        rng.FillGaussian(x);
        var theta = new double[arch.ParameterCount];
        var sum = new double[count * count]; var sum2 = new double[count * count];
        var prior = RandomStream.For(7, 1, "architecture kernel test prior");
        for (int s = 0; s < draws; s++)
        {
            foreach (var b in arch.Blocks()) prior.FillGaussian(theta.AsSpan(b.Offset, b.Length), 0, Math.Sqrt(b.PriorVariance));
            var f = arch.Evaluate(theta, x, count);
            for (int p = 0; p < count; p++)
            for (int q = 0; q < count; q++)
            {
                double v = f[p] * f[q];
                sum[p * count + q] += v; sum2[p * count + q] += v * v;
            }
        }
        var kernel = arch.Kernel(x, count, RandomStream.For(7, 2, "architecture kernel test kernel"));
        for (int k = 0; k < count * count; k++)
        {
            double mean = sum[k] / draws;
            double se = Math.Sqrt(Math.Max(sum2[k] / draws - mean * mean, 0) / (draws - 1));
            double tol = 4 * Math.Sqrt(se * se + kernel.StandardErrors[k] * kernel.StandardErrors[k]);
            Assert.True(Math.Abs(mean - kernel.Values[k]) <= tol,
                $"{arch.Kind} entry {k}: network covariance {mean:G6} ± {se:G3} vs kernel {kernel.Values[k]:G6} ± {kernel.StandardErrors[k]:G3}");
        }
        // Not vacuous: the diagonal is well resolved relative to its size.
        Assert.True(kernel.Values[0] > 10 * Math.Sqrt(sum2[0] / draws - Math.Pow(sum[0] / draws, 2)) / Math.Sqrt(draws));
    }

    [Fact]
    public void TheTestSeesEveryArchitecture()
    {
        var kinds = TypeNames.Select(n => Example(n).Kind).Order().ToArray();
        Assert.Equal(["attention", "cnn", "fcn"], kinds);
    }
}
