using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// A Markov-chain sampler of the posterior exp(−L(θ)/κ)·Π_b N(θ_b; 0, v_b) of an <see cref="IPosteriorModel{T}"/>
/// (blackjax-style: <see cref="Init"/> once, then <see cref="Step"/>). θ is the caller's array, updated in place; the
/// sampler may keep auxiliary state (a momentum, a cached gradient). Every random number comes from the stream
/// passed in, so a chain is a function of its seed. One instance per chain (not thread-safe).
/// </summary>
public interface IChainSampler<T> where T : unmanaged
{
    /// <summary>The registered name (e.g. "ula", "baoab", "mala+gibbs").</summary>
    string Name { get; }

    /// <summary>The step size in the sampler's own units (η in θ-space for ULA, h in prior-normalised coordinates otherwise).</summary>
    double StepSize { get; }

    /// <summary>Prepares the chain at θ (computes what is cached, draws any auxiliary variable from <paramref name="noise"/>).</summary>
    void Init(ReadOnlySpan<T> theta, RandomStream noise);

    /// <summary>
    /// θ was changed from outside (e.g. by a Gibbs move): recompute what is cached at θ, keeping auxiliary variables
    /// that are independent of θ under the joint law (a momentum).
    /// </summary>
    void PositionChanged(ReadOnlySpan<T> theta);

    /// <summary>One transition in place; returns the data term L(θ) at the θ the step started from.</summary>
    double Step(Span<T> theta, RandomStream noise);

    /// <summary>Running statistics (acceptance rate of a Metropolis-adjusted sampler); empty when there are none.</summary>
    SamplerStatistics Statistics { get; }
}
