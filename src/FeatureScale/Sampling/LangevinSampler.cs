using System.Numerics.Tensors;
using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// Unadjusted Langevin dynamics whose stationary law (as η → 0) is the posterior of Eq. 2 at temperature κ:
/// θ ← θ − η ∇U(θ) + √(2ηκ) ξ,  U(θ) = L(θ) + Σ_b κ‖θ_b‖²/(2 v_b),  ξ ~ N(0, I),
/// so exp(−U/κ) = exp(−L/κ) Π_b N(θ_b; 0, v_b). For the FCN, L = ½Σ(f − y)² and v_l = σ_l²/N_{l−1}, i.e. weight
/// decay κN_{l−1}/σ_l² on layer l. The update is written once, here: temperature and prior variances are named.
/// Frozen blocks are neither moved nor given noise. <see cref="Preconditioned"/> gives each block its own step
/// η_b = h·v_b/κ, which is the same update with one step h in prior-normalised coordinates z = θ/√v_b.
/// </summary>
public sealed class LangevinSampler<T> : IChainSampler<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IPosteriorModel<T> _model;
    private readonly bool[] _frozen;
    private readonly T[] _gradient, _noise;
    private readonly T[] _decay;      // per block: 1 − η_b κ/v_b
    private readonly T[] _minusEta, _noiseScale; // per block: −η_b, √(2η_b κ)

    /// <summary>Step size: η for the plain sampler, h (in z = θ/√v_b) for the preconditioned one.</summary>
    public double StepSize { get; }
    /// <summary>The step η_b of each block in θ-space.</summary>
    public IReadOnlyList<double> BlockSteps { get; }
    /// <inheritdoc/>
    public string Name { get; }
    /// <inheritdoc/>
    public SamplerStatistics Statistics => SamplerStatistics.None;
    /// <summary>Temperature κ (the ridge parameter).</summary>
    public double Temperature { get; }
    /// <summary>Which blocks are frozen.</summary>
    public IReadOnlyList<bool> Frozen => _frozen;

    /// <summary>A sampler for <paramref name="model"/> with step size η and temperature κ; <paramref name="frozenBlocks"/> lists block indices kept fixed.</summary>
    public LangevinSampler(IPosteriorModel<T> model, double stepSize, double temperature, IEnumerable<int>? frozenBlocks = null)
        : this(model, stepSize, temperature, frozenBlocks, preconditioned: false)
    {
    }

    /// <summary>
    /// Preconditioned Langevin: step <paramref name="h"/> in prior-normalised coordinates, i.e. η_b = h·v_b/κ per block
    /// (the prior term of every block then relaxes at the same rate h).
    /// </summary>
    public static LangevinSampler<T> Preconditioned(IPosteriorModel<T> model, double h, double temperature, IEnumerable<int>? frozenBlocks = null) =>
        new(model, h, temperature, frozenBlocks, preconditioned: true);

    private LangevinSampler(IPosteriorModel<T> model, double stepSize, double temperature, IEnumerable<int>? frozenBlocks, bool preconditioned)
    {
        if (!(stepSize > 0) || !double.IsFinite(stepSize)) throw new ConfigException($"step size η must be positive (got {stepSize})");
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new ConfigException($"temperature κ must be positive (got {temperature})");
        _model = model; StepSize = stepSize; Temperature = temperature;
        Name = preconditioned ? "precond" : "ula";
        var blocks = model.Blocks;
        _frozen = new bool[blocks.Count];
        foreach (int b in frozenBlocks ?? [])
        {
            if (b < 0 || b >= blocks.Count) throw new ConfigException($"cannot freeze block {b}: the model has {blocks.Count} blocks");
            _frozen[b] = true;
        }
        _gradient = new T[model.ParameterCount];
        _noise = new T[model.ParameterCount];
        var eta = blocks.Select(b => preconditioned ? stepSize * b.PriorVariance / temperature : stepSize).ToArray();
        BlockSteps = eta;
        _decay = blocks.Select((b, i) => T.CreateTruncating(1 - eta[i] * temperature / b.PriorVariance)).ToArray();
        _minusEta = eta.Select(e => T.CreateTruncating(-e)).ToArray();
        _noiseScale = eta.Select(e => T.CreateTruncating(Math.Sqrt(2 * e * temperature))).ToArray();
    }

    /// <inheritdoc/>
    public void Init(ReadOnlySpan<T> theta, RandomStream noise) { } // nothing cached: every step starts afresh

    /// <inheritdoc/>
    public void PositionChanged(ReadOnlySpan<T> theta) { }

    /// <summary>The gradient of the data term from the last step.</summary>
    public ReadOnlySpan<T> LastGradient => _gradient;

    /// <summary>
    /// Threads for the noise and the update (default 1). The noise of a block is drawn in fixed chunks from copies of
    /// the stream at the chunks' positions, so θ is bit-identical for any value.
    /// </summary>
    public int UpdateThreads { get; set; } = 1;

    /// <summary>Noise values per chunk of the parallel update (even, so chunks reproduce one sequential fill).</summary>
    private const int UpdateChunk = 8192;

    /// <summary>One Langevin step in place; returns the data term L(θ) at the θ the step started from.</summary>
    public double Step(Span<T> theta, RandomStream noise)
    {
        double loss = _model.LossAndGradient(theta, _gradient, _frozen);
        var blocks = _model.Blocks;
        for (int b = 0; b < blocks.Count; b++)
        {
            if (_frozen[b]) continue;
            var blk = blocks[b];
            if (UpdateThreads <= 1 || blk.Length < 2 * UpdateChunk)
            {
                Update(b, theta.Slice(blk.Offset, blk.Length), blk.Offset, noise);
                continue;
            }
            // Chunk k draws from the stream's blocks start + k·UpdateChunk/2 …, exactly as one sequential fill would.
            ulong start = noise.Position;
            int chunks = (blk.Length + UpdateChunk - 1) / UpdateChunk;
            unsafe
            {
                fixed (T* p = theta.Slice(blk.Offset, blk.Length)) // a Span cannot enter the parallel loop; the pinned pointer can
                {
                    nint basePtr = (nint)p;
                    int length = blk.Length, offset = blk.Offset, block = b;
                    Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = UpdateThreads }, k =>
                    {
                        int from = k * UpdateChunk, len = Math.Min(UpdateChunk, length - from);
                        Update(block, new Span<T>((T*)basePtr + from, len), offset + from, noise.At(start + (ulong)(from / 2)));
                    });
                }
            }
            noise.Position = start + (ulong)((blk.Length + 1) / 2);
        }
        return loss;
    }

    /// <summary>θ ← (1 − ηκ/v_b) θ − η g + √(2ηκ) ξ on θ[offset …] of block b, ξ drawn from <paramref name="noise"/>.</summary>
    private void Update(int b, Span<T> th, int offset, RandomStream noise)
    {
        var g = _gradient.AsSpan(offset, th.Length);
        var xi = _noise.AsSpan(offset, th.Length);
        Blas.FillGaussian(noise, xi, 1.0);
        TensorPrimitives.Multiply(g, _minusEta[b], g);
        TensorPrimitives.MultiplyAdd(th, _decay[b], g, th);
        TensorPrimitives.MultiplyAdd(xi, _noiseScale[b], th, th);
    }

    /// <summary>Draws θ from the prior: each block N(0, v_b).</summary>
    public static void DrawPrior(IPosteriorModel<T> model, Span<T> theta, RandomStream rng)
    {
        foreach (var b in model.Blocks) Blas.FillGaussian(rng, theta.Slice(b.Offset, b.Length), Math.Sqrt(b.PriorVariance));
    }
}
