using System.Numerics;
using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Architectures;

/// <summary>
/// One description of a network family (the model is neural-tangents' stax): the same object gives the prior
/// blocks, the finite network the sampler moves, and the infinite-width (NNGP) kernel of its output, so that one test
/// can compare the kernel with the covariance of the network's own prior draws. Implementations also expose a
/// public static <c>Example</c> property (a small instance) that the architecture tests discover.
/// </summary>
public interface IArchitecture
{
    /// <summary>"fcn", "cnn" or "attention" (the <c>arch</c> of a train config).</summary>
    string Kind { get; }

    /// <summary>Numbers per input (d for an FCN or CNN, L·d for an attention head).</summary>
    int InputSize { get; }

    /// <summary>Number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>The prior blocks, in order, covering θ exactly (Eq. 2's Gaussian prior).</summary>
    IReadOnlyList<ParameterBlock> Blocks();

    /// <summary>The network bound to <paramref name="count"/> inputs x and targets y (null: evaluation only), under
    /// squared-error loss.</summary>
    IPosteriorModel<T> Network<T>(T[] x, T[]? y, int count) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The first output f(x_p) of the network with parameters θ on each of the <paramref name="count"/>
    /// inputs.</summary>
    double[] Evaluate(ReadOnlySpan<double> theta, double[] x, int count);

    /// <summary>
    /// The infinite-width prior covariance E[f(x_p) f(x_q)] of the first output (count × count): exact where a closed
    /// recursion exists (standard errors zero), else Monte Carlo over the layers with a finite width left.
    /// </summary>
    KernelEstimate Kernel(double[] x, int count, RandomStream rng);
}
