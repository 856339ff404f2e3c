using System.Numerics.Tensors;
using FeatureScale.Numerics;
using FeatureScale.Sampling;

namespace FeatureScale.Architectures;

/// <summary>
/// The softmax attention layer of Eq. 14/82 on a batch of P inputs with the hand-derived gradient of
/// L = ½ Σ_p (f(X_p) − y_p)². With v = X w_h, @ the row-softmax of S = X A_h Xᵀ, u = @ v, c = L^{−1/2} and
/// r = f − y: ∂L/∂v_b = r c Σ_a @_ab; ∂L/∂S_ab = G_ab = r c @_ab (v_b − u_a) (softmax backward);
/// ∂L/∂A_h = Σ_p Xᵀ G X; ∂L/∂w_h = Σ_p Xᵀ ∂L/∂v.
/// The per-token products X A_h (all heads) and X w_h, and the reductions Xᵀ(G X) and Xᵀ ∂L/∂v, are single GEMMs
/// over all P·L token rows. Per input and head: the L×L logits S = (X A_h) Xᵀ (GEMM), E = exp(S − max S) over the
/// whole matrix (stable: every entry ≤ 1; a row whose own maximum is so far below the matrix maximum that its sum
/// would underflow is redone with its own maximum; the softmax is never normalised explicitly), one thin GEMM
/// E [v | 1] giving
/// E v and the row sums z, u = (E v)/z; in the backward pass ∂L/∂v = rc Eᵀ(1/z) (one GEMV), G/(rc) = E ⊙ (v − u)/z
/// in place (one pass) and G X (one GEMM). One instance per chain (owns its buffers).
/// </summary>
public sealed class AttentionHead<T> : IPosteriorModel<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly AttentionArchitecture _arch;
    private readonly ParameterBlock[] _blocks;
    private readonly T[] _x;      // (P·L) × d
    private readonly T[]? _y;     // P
    private readonly int _count;
    private readonly T[] _xa;     // (P·L) × (H d): X [A_1 | … | A_H]
    private readonly T[] _vt;     // H × (P·L): X w_h
    private readonly T[] _m;      // (P·L) × (H d): G X
    private readonly T[] _gv;     // H × (P·L): ∂L/∂v
    private readonly T[] _att;    // H × L × L: @ of one input
    private readonly T[] _u;      // H × L
    private readonly T[] _tmp, _iz; // L: scratch; 1/z of one head
    private readonly T[] _b;      // L × 2: [v | 1] of one input and head
    private readonly T[] _r;      // H × L × 2: E [v | 1] per head
    private readonly T[] _wt, _at; // H × d (w_h as rows); d × (H d) ([A_1 | … | A_H])
    private readonly T[] _gA, _gW; // d × (H d); d × H
    private readonly T[] _f;

    /// <summary>A layer bound to inputs <paramref name="x"/> (P·L × d row-major: input p is rows pL..pL+L−1) and
    /// targets <paramref name="y"/> (may be null for evaluation only). Arrays are used in place.</summary>
    public AttentionHead(AttentionArchitecture arch, T[] x, T[]? y, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        int L = arch.Length, d = arch.Dim, H = arch.Heads;
        if (x.Length < count * L * d) throw new ArgumentException("x is shorter than P·L·d");
        if (y is not null && y.Length < count) throw new ArgumentException("y is shorter than P");
        _arch = arch; _blocks = arch.Blocks().ToArray(); _x = x; _y = y; _count = count;
        int rows = count * L;
        _xa = new T[rows * H * d]; _m = new T[rows * H * d];
        _vt = new T[H * rows]; _gv = new T[H * rows];
        _att = new T[H * L * L]; _u = new T[H * L]; _tmp = new T[L];
        _b = new T[L * 2]; _r = new T[H * L * 2]; _iz = new T[L];
        _wt = new T[H * d]; _at = new T[d * H * d];
        _gA = new T[d * H * d]; _gW = new T[d * H];
        _f = new T[count];
    }

    /// <summary>The architecture.</summary>
    public AttentionArchitecture Architecture => _arch;
    /// <inheritdoc/>
    public int ParameterCount => _arch.ParameterCount;
    /// <inheritdoc/>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;
    /// <summary>Number of inputs P bound.</summary>
    public int Count => _count;
    /// <summary>Outputs of the last forward pass.</summary>
    public ReadOnlySpan<T> Output => _f;

    /// <summary>Forward pass over all bound inputs; returns f (length P).</summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> theta)
    {
        Run(theta, Span<T>.Empty, false);
        return _f;
    }

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<T> theta)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        Run(theta, Span<T>.Empty, false);
        double s = 0;
        for (int p = 0; p < _count; p++) { double e = double.CreateTruncating(_f[p] - _y[p]); s += e * e; }
        return 0.5 * s;
    }

    /// <inheritdoc/>
    public double LossAndGradient(ReadOnlySpan<T> theta, Span<T> gradient, ReadOnlySpan<bool> skipBlocks = default)
    {
        if (_y is null) throw new InvalidOperationException("no targets bound");
        if (gradient.Length != ParameterCount) throw new ArgumentException("gradient length differs from the parameter count");
        return Run(theta, gradient, true);
    }

    private double Run(ReadOnlySpan<T> theta, Span<T> grad, bool gradient)
    {
        if (theta.Length != ParameterCount) throw new ArgumentException($"θ has {theta.Length} entries, the layer {ParameterCount}");
        int L = _arch.Length, d = _arch.Dim, H = _arch.Heads, hd = H * d, rows = _count * L, ll = L * L;
        T c = T.One / T.Sqrt(T.CreateTruncating(L));
        // [A_1 | … | A_H] as one d × (H d) matrix; w_h as the rows of an H × d matrix.
        for (int h = 0; h < H; h++)
        {
            var a = theta.Slice(_arch.OffsetA(h), d * d);
            for (int i = 0; i < d; i++) a.Slice(i * d, d).CopyTo(_at.AsSpan(i * hd + h * d, d));
            theta.Slice(_arch.OffsetW(h), d).CopyTo(_wt.AsSpan(h * d, d));
        }
        Blas.Gemm(Transpose.No, Transpose.No, rows, hd, d, 1.0, _x, d, _at, hd, 0.0, _xa, hd);   // X A_h, all heads
        Blas.Gemm(Transpose.No, Transpose.Yes, H, rows, d, 1.0, _wt, d, _x, d, 0.0, _vt, rows);  // (X w_h)ᵀ
        double loss = 0;
        for (int p = 0; p < _count; p++)
        {
            var xp = _x.AsSpan(p * L * d, L * d);
            T f = T.Zero;
            for (int h = 0; h < H; h++)
            {
                var e = _att.AsSpan(h * ll, ll);
                Blas.Gemm(Transpose.No, Transpose.Yes, L, L, d, 1.0, _xa.AsSpan(p * L * hd + h * d), hd, xp, d, 0.0, e, L);
                bool perRow = !ExpGlobalShift(e);
                if (perRow) for (int a = 0; a < L; a++) ExpShifted(e.Slice(a * L, L));
                var v = _vt.AsSpan(h * rows + p * L, L);
                for (int b = 0; b < L; b++) { _b[2 * b] = v[b]; _b[2 * b + 1] = T.One; }
                var r = _r.AsSpan(h * L * 2, L * 2);
                Blas.Gemm(Transpose.No, Transpose.No, L, 2, L, 1.0, e, L, _b, 2, 0.0, r, 2); // [E v | z]
                if (!perRow)
                    for (int a = 0; a < L; a++)
                    {
                        if (r[2 * a + 1] >= TinyRowSum) continue;
                        // This row's largest logit is far below the input's: redo it with its own maximum.
                        var row = e.Slice(a * L, L);
                        Blas.Gemv(Transpose.No, L, d, 1.0, xp, d, _xa.AsSpan(p * L * hd + a * hd + h * d, d), 0.0, row);
                        ExpShifted(row);
                        r[2 * a] = TensorPrimitives.Dot<T>(row, v);
                        r[2 * a + 1] = TensorPrimitives.Sum<T>(row);
                    }
                var u = _u.AsSpan(h * L, L);
                for (int a = 0; a < L; a++) { u[a] = r[2 * a] / r[2 * a + 1]; f += u[a]; }
            }
            f *= c;
            _f[p] = f;
            if (!gradient) continue;
            T res = f - _y![p];
            double rd = double.CreateTruncating(res);
            loss += 0.5 * rd * rd;
            T rc = res * c;
            for (int h = 0; h < H; h++)
            {
                var e = _att.AsSpan(h * ll, ll);
                var r = _r.AsSpan(h * L * 2, L * 2);
                var u = _u.AsSpan(h * L, L);
                var v = _vt.AsSpan(h * rows + p * L, L);
                for (int a = 0; a < L; a++) _iz[a] = T.One / r[2 * a + 1];
                // ∂L/∂v_b = rc Σ_a E_ab / z_a (before E is overwritten).
                Blas.Gemv(Transpose.Yes, L, L, double.CreateTruncating(rc), e, L, _iz, 0.0, _gv.AsSpan(h * rows + p * L, L));
                // G / rc = @ ⊙ (v − u) = E_ab (v_b − u_a) / z_a, in place.
                for (int a = 0; a < L; a++)
                {
                    TensorPrimitives.Subtract(v, u[a], _tmp);
                    TensorPrimitives.Multiply(_tmp, _iz[a], _tmp);
                    var row = e.Slice(a * L, L);
                    TensorPrimitives.Multiply(row, _tmp, row);
                }
                // M = G X (this input's rows of the head-h column block).
                Blas.Gemm(Transpose.No, Transpose.No, L, d, L, double.CreateTruncating(rc), e, L, xp, d, 0.0, _m.AsSpan(p * L * hd + h * d), hd);
            }
        }
        if (!gradient) return double.NaN;
        // ∂L/∂A = Xᵀ M over all P·L rows (d × H d); ∂L/∂w_h = Xᵀ (∂L/∂v)_h (d × H).
        Blas.Gemm(Transpose.Yes, Transpose.No, d, hd, rows, 1.0, _x, d, _m, hd, 0.0, _gA, hd);
        Blas.Gemm(Transpose.Yes, Transpose.Yes, d, H, rows, 1.0, _x, d, _gv, rows, 0.0, _gW, H);
        for (int h = 0; h < H; h++)
        {
            var ga = grad.Slice(_arch.OffsetA(h), d * d);
            for (int i = 0; i < d; i++) _gA.AsSpan(i * hd + h * d, d).CopyTo(ga.Slice(i * d, d));
            var gw = grad.Slice(_arch.OffsetW(h), d);
            for (int i = 0; i < d; i++) gw[i] = _gW[i * H + h];
        }
        return loss;
    }

    /// <summary>Row sums of e^{S − max S} below this lose precision: such rows are redone with their own maximum.</summary>
    private static readonly T TinyRowSum = T.CreateTruncating(typeof(T) == typeof(float) ? 1e-20 : 1e-250);

    /// <summary>
    /// E = e^{S − max S} over the whole L×L matrix in three vectorised calls (softmax is invariant to a shift of each
    /// row, so one shift for all rows is exact; every entry is ≤ 1, so nothing overflows). Rows whose own maximum is
    /// far below the global one are repaired by the caller. Returns false when S has an infinite or NaN maximum
    /// (the caller then uses per-row shifts).
    /// </summary>
    private static bool ExpGlobalShift(Span<T> s)
    {
        T max = TensorPrimitives.Max<T>(s);
        if (!T.IsFinite(max)) return false;
        TensorPrimitives.Subtract(s, max, s);
        TensorPrimitives.Exp(s, s);
        return true;
    }

    /// <summary>e^{s − max s} in place (the unnormalised stable softmax; +∞ entries share the mass).</summary>
    private static void ExpShifted(Span<T> row)
    {
        T max = TensorPrimitives.Max<T>(row);
        if (T.IsPositiveInfinity(max))
        {
            for (int i = 0; i < row.Length; i++) row[i] = T.IsPositiveInfinity(row[i]) ? T.One : T.Zero;
            return;
        }
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
    }

    /// <summary>Stable softmax of one row in place: e^{s − max s} / Σ e^{s − max s} (the model's own kernel, normalised).</summary>
    public static void SoftmaxRow(Span<T> row)
    {
        ExpShifted(row);
        T sum = TensorPrimitives.Sum<T>(row);
        TensorPrimitives.Multiply(row, T.One / sum, row);
    }

    /// <summary>The attention matrix @_{ab;h} (L × L, rows sum to 1) of bound input <paramref name="input"/> and head
    /// <paramref name="head"/>, computed with the same kernels as the forward pass.</summary>
    public void AttentionMatrix(ReadOnlySpan<T> theta, int input, int head, Span<T> dest)
    {
        int L = _arch.Length, d = _arch.Dim;
        var xa = new T[L * d];
        var xp = _x.AsSpan(input * L * d, L * d);
        Blas.Gemm(Transpose.No, Transpose.No, L, d, d, 1.0, xp, d, theta.Slice(_arch.OffsetA(head), d * d), d, 0.0, xa, d);
        Blas.Gemm(Transpose.No, Transpose.Yes, L, L, d, 1.0, xa, d, xp, d, 0.0, dest, L);
        for (int a = 0; a < L; a++) SoftmaxRow(dest.Slice(a * L, L));
    }
}
