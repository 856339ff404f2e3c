using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// Replica exchange (parallel tempering) over a ladder of temperatures κ_r = κ·ratio^r, r = 0…R−1: every replica runs
/// its own sampler on exp(−L/κ_r)·prior (the prior is not tempered), and every <c>swapEvery</c> steps neighbouring
/// replicas propose to exchange their states, accepted with probability
/// min(1, exp((L_r − L_{r+1})(1/κ_r − 1/κ_{r+1}))), which keeps every replica's law. Only replica 0, at the target
/// κ, is the chain the caller sees: θ is its state. Hot replicas cross the barriers between metastable states (the
/// unspecialised and the specialised posterior at the transition) and hand the crossings down. Pairs alternate
/// (even pairs on even rounds, odd on odd), so every swap is a detailed-balance move. All replicas step in the
/// calling thread from the one noise stream, in a fixed order: the chain is a function of its seed. A momentum
/// (BAOAB) stays with its replica: it is N(0, 1) at every temperature, independent of the state.
/// </summary>
public sealed class ReplicaExchange<T> : IChainSampler<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IChainSampler<T>[] _replicas;
    private readonly IPosteriorModel<T> _model;
    private readonly double[] _kappas;
    private readonly int _swapEvery;
    private readonly T[][] _states;   // replicas 1…R−1 (replica 0 is the caller's θ)
    private readonly T[] _buffer;
    private readonly long[] _proposed, _accepted;
    private long _steps, _rounds;

    /// <summary>Wraps one sampler per temperature; <paramref name="replicas"/>[r] must sample at <paramref name="kappas"/>[r].</summary>
    public ReplicaExchange(IReadOnlyList<IChainSampler<T>> replicas, IPosteriorModel<T> model, IReadOnlyList<double> kappas,
        int swapEvery)
    {
        if (replicas.Count < 2 || replicas.Count != kappas.Count)
            throw new ArgumentException("replica exchange needs ≥ 2 replicas, one κ each");
        if (swapEvery < 1) throw new ArgumentOutOfRangeException(nameof(swapEvery), "swap_every must be ≥ 1");
        for (int r = 1; r < kappas.Count; r++)
            if (!(kappas[r] > kappas[r - 1])) throw new ArgumentException("the κ ladder must increase");
        _replicas = [.. replicas];
        _model = model;
        _kappas = [.. kappas];
        _swapEvery = swapEvery;
        _states = new T[replicas.Count][];
        for (int r = 1; r < replicas.Count; r++) _states[r] = new T[model.ParameterCount];
        _buffer = new T[model.ParameterCount];
        _proposed = new long[replicas.Count - 1];
        _accepted = new long[replicas.Count - 1];
    }

    /// <inheritdoc/>
    public string Name => _replicas[0].Name;

    /// <inheritdoc/>
    public double StepSize => _replicas[0].StepSize;

    /// <summary>The temperature ladder κ_0 … κ_{R−1}.</summary>
    public IReadOnlyList<double> Kappas => _kappas;

    /// <inheritdoc/>
    public SamplerStatistics Statistics => _replicas[0].Statistics with
    {
        SwapProposals = [.. _proposed], SwapAccepted = [.. _accepted],
    };

    /// <inheritdoc/>
    public void Init(ReadOnlySpan<T> theta, RandomStream noise)
    {
        // every replica starts where the target chain starts
        _replicas[0].Init(theta, noise);
        for (int r = 1; r < _replicas.Length; r++)
        {
            theta.CopyTo(_states[r]);
            _replicas[r].Init(_states[r], noise);
        }
        _steps = 0;
    }

    /// <inheritdoc/>
    public void PositionChanged(ReadOnlySpan<T> theta) => _replicas[0].PositionChanged(theta);

    /// <inheritdoc/>
    public double Step(Span<T> theta, RandomStream noise)
    {
        double loss = _replicas[0].Step(theta, noise);
        for (int r = 1; r < _replicas.Length; r++) _replicas[r].Step(_states[r], noise);
        if (++_steps % _swapEvery == 0) Swap(theta, noise);
        return loss;
    }

    private void Swap(Span<T> theta, RandomStream noise)
    {
        int n = _replicas.Length;
        var loss = new double[n];
        loss[0] = _model.Loss(theta);
        for (int r = 1; r < n; r++) loss[r] = _model.Loss(_states[r]);
        for (int r = (int)(_rounds++ % 2); r + 1 < n; r += 2)
        {
            double logA = (loss[r] - loss[r + 1]) * (1 / _kappas[r] - 1 / _kappas[r + 1]);
            _proposed[r]++;
            if (!(Math.Log(noise.NextDouble()) < logA)) continue;
            _accepted[r]++;
            Span<T> a = r == 0 ? theta : _states[r];
            Span<T> b = _states[r + 1];
            a.CopyTo(_buffer); b.CopyTo(a); _buffer.CopyTo(b);
            (loss[r], loss[r + 1]) = (loss[r + 1], loss[r]);
            _replicas[r].PositionChanged(a);
            _replicas[r + 1].PositionChanged(b);
        }
    }
}
