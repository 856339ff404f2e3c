using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FeatureScale.Numerics;

/// <summary>
/// A seeded, splittable random stream. A stream is named by (seed, chain, purpose): the seed is the Philox key,
/// chain and purpose fill the upper counter words and the lower 64 counter bits count blocks. Two different names
/// never share a block, so results do not depend on how work is spread over threads: give each chain (and each
/// purpose inside a chain: initialisation, noise, data…) its own stream.
/// </summary>
public sealed class RandomStream
{
    private readonly uint _k0, _k1, _c2, _c3;
    private ulong _block;

    /// <summary>The seed this stream was made from.</summary>
    public ulong Seed { get; }
    /// <summary>The chain index of this stream.</summary>
    public uint Chain => _c2;
    /// <summary>The purpose tag of this stream (a stable hash when made from a name).</summary>
    public uint Purpose => _c3;

    /// <summary>A stream keyed by (seed, chain, purpose).</summary>
    public RandomStream(ulong seed, uint chain = 0, uint purpose = 0)
    {
        Seed = seed;
        _k0 = (uint)seed; _k1 = (uint)(seed >> 32);
        _c2 = chain; _c3 = purpose;
    }

    /// <summary>A stream keyed by (seed, chain, name), the name hashed stably (FNV-1a), e.g. ("init", "noise", "data").</summary>
    public static RandomStream For(ulong seed, uint chain, string purpose) => new(seed, chain, StableHash(purpose));

    /// <summary>A child stream of the same seed and chain for a sub-purpose; independent of this one.</summary>
    public RandomStream Split(string subPurpose) => new(Seed, _c2, StableHash(subPurpose, _c3 ^ 0x5bd1e995u));

    /// <summary>Blocks of four 32-bit words consumed so far.</summary>
    public ulong Position { get => _block; set => _block = value; }

    /// <summary>FNV-1a of the UTF-16 code units, optionally mixed with a parent tag: stable across runs and platforms.</summary>
    public static uint StableHash(string text, uint parent = 0)
    {
        uint h = 2166136261u ^ parent;
        foreach (char ch in text) { h ^= ch; h *= 16777619u; }
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (uint, uint, uint, uint) NextBlock()
    {
        ulong b = _block++;
        return Philox.Block((uint)b, (uint)(b >> 32), _c2, _c3, _k0, _k1);
    }

    /// <summary>Uniform 64-bit integer.</summary>
    public ulong NextUInt64() { var (a, b, _, _) = NextBlock(); return ((ulong)a << 32) | b; }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() { var (a, b, _, _) = NextBlock(); return ToUnit(a, b); }

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive");
        return (int)(NextDouble() * n);
    }

    /// <summary>Standard normal (Box–Muller on one block).</summary>
    public double NextGaussian()
    {
        var (a, b, c, d) = NextBlock();
        double u1 = 1.0 - ToUnit(a, b), u2 = ToUnit(c, d);
        return Math.Sqrt(-2 * Math.Log(u1)) * double.CosPi(2 * u2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToUnit(uint a, uint b) => ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0);

    /// <summary>Fills with uniforms on [0, 1); one block per two values.</summary>
    public void FillUniform(Span<double> dest)
    {
        int i = 0;
        for (; i + 1 < dest.Length; i += 2)
        {
            var (a, b, c, d) = NextBlock();
            dest[i] = ToUnit(a, b); dest[i + 1] = ToUnit(c, d);
        }
        if (i < dest.Length) { var (a, b, _, _) = NextBlock(); dest[i] = ToUnit(a, b); }
    }

    /// <summary>
    /// Fills with independent standard normals: Box–Muller, vectorised (log, sqrt, sincos over the whole chunk).
    /// Value pair (2j, 2j+1) comes from block j, so the values depend only on the stream and the position.
    /// </summary>
    public void FillGaussian(Span<double> dest, double mean = 0, double std = 1)
    {
        const int chunk = 256;
        Span<double> r = stackalloc double[chunk], t = stackalloc double[chunk], s = stackalloc double[chunk], c = stackalloc double[chunk];
        for (int start = 0; start < dest.Length; start += 2 * chunk)
        {
            int pairs = Math.Min(chunk, (dest.Length - start + 1) / 2);
            UniformPairs(r[..pairs], t[..pairs]);   // r ∈ (0, 1], t = angle / π ∈ [0, 2)
            // Pad to a multiple of 16 lanes with harmless values so that every value goes through the same full-width
            // vector code whatever the fill length: values then depend only on the stream position, not on chunking.
            int padded = Math.Min(chunk, (pairs + 15) & ~15);
            r[pairs..padded].Fill(1.0);
            t[pairs..padded].Clear();
            var rr = r[..padded];
            TensorPrimitives.Log(rr, rr);
            TensorPrimitives.Multiply(rr, -2.0, rr);
            TensorPrimitives.Sqrt(rr, rr);
            Elementwise.SinCosPi(t[..padded], s[..padded], c[..padded]);
            var block = dest.Slice(start, Math.Min(2 * pairs, dest.Length - start));
            for (int j = 0; j < pairs; j++)
            {
                block[2 * j] = mean + std * rr[j] * c[j];
                if (2 * j + 1 < block.Length) block[2 * j + 1] = mean + std * rr[j] * s[j];
            }
        }
    }

    /// <summary>
    /// r[j] = 1 − U(a, b) and t[j] = 2 U(c, d) from block <see cref="Position"/> + j, for every j; advances the stream.
    /// With AVX-512, Philox runs on eight counters at once in 64-bit lanes holding 32-bit words: the same integer
    /// arithmetic as <see cref="Philox.Block"/>, so the values are bit-identical to the scalar path used otherwise.
    /// </summary>
    private void UniformPairs(Span<double> r, Span<double> t)
    {
        int n = r.Length, j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8) UniformPairs512(_block + (ulong)j, r.Slice(j, 8), t.Slice(j, 8));
        for (; j < n; j++)
        {
            ulong blk = _block + (ulong)j;
            var (a, b, cc, d) = Philox.Block((uint)blk, (uint)(blk >> 32), _c2, _c3, _k0, _k1);
            r[j] = 1.0 - ToUnit(a, b);
            t[j] = 2.0 * ToUnit(cc, d);
        }
        _block += (ulong)n;
    }

    private static readonly Vector512<ulong> Iota8 = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UniformPairs512(ulong first, Span<double> r, Span<double> t)
    {
        var mask = Vector512.Create(0xFFFF_FFFFUL);
        var blocks = Vector512.Create(first) + Iota8;
        var c0 = blocks & mask;
        var c1 = blocks >>> 32;
        var c2 = Vector512.Create((ulong)_c2);
        var c3 = Vector512.Create((ulong)_c3);
        uint k0 = _k0, k1 = _k1;
        var m0 = Vector512.Create((ulong)Philox.M0);
        var m1 = Vector512.Create((ulong)Philox.M1);
        for (int round = 0; round < 10; round++)
        {
            var p0 = m0 * c0;
            var p1 = m1 * c2;
            var n0 = (p1 >>> 32) ^ c1 ^ Vector512.Create((ulong)k0);
            var n2 = (p0 >>> 32) ^ c3 ^ Vector512.Create((ulong)k1);
            c1 = p1 & mask;
            c3 = p0 & mask;
            c0 = n0; c2 = n2;
            k0 += Philox.W0; k1 += Philox.W1;
        }
        const double scale = 1.0 / 9007199254740992.0;
        // ((a >> 5)·2²⁶ + (b >> 6))·2⁻⁵³ as one exact 53-bit integer: the same double as ToUnit.
        var ua = Vector512.ConvertToDouble(((c0 >>> 5) << 26) | (c1 >>> 6)) * scale;
        var uc = Vector512.ConvertToDouble(((c2 >>> 5) << 26) | (c3 >>> 6)) * scale;
        (Vector512.Create(1.0) - ua).CopyTo(r);
        (Vector512.Create(2.0) * uc).CopyTo(t);
    }

    /// <summary>
    /// A copy of this stream at block <paramref name="position"/> (same key, chain and purpose); this stream is unchanged.
    /// Fills from copies at positions start + k·(chunk/2) reproduce one sequential fill exactly (even-sized chunks).
    /// </summary>
    public RandomStream At(ulong position) => new(Seed, _c2, _c3) { Position = position };

    /// <summary>Single-precision standard normals (drawn in double, then rounded).</summary>
    public void FillGaussian(Span<float> dest, float mean = 0, float std = 1)
    {
        Span<double> buf = stackalloc double[512];
        for (int start = 0; start < dest.Length; start += buf.Length)
        {
            int len = Math.Min(buf.Length, dest.Length - start);
            FillGaussian(buf[..len], mean, std);
            TensorPrimitives.ConvertTruncating<double, float>(buf[..len], dest.Slice(start, len));
        }
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
