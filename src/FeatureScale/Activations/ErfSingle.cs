using FeatureScale.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FeatureScale.Activations;

/// <summary>
/// Single-precision erf computed natively in float (16 lanes with AVX-512): erf(x) = x·P(x²)/Q(x²) on [−4, 4]
/// (±1 to float precision beyond), the rational minimax form used by Eigen and XLA for float erf; maximum error
/// about 1e-7 relative to erf (checked against the double kernel in the tests). Avoids the double round trip of
/// <see cref="Numerics.Elementwise.Erf(ReadOnlySpan{float}, Span{float})"/>.
/// </summary>
public static class ErfSingle
{
    private const float A1 = -1.60960333262415e-02f, A3 = -2.95459980854025e-03f, A5 = -7.34990630326855e-04f,
        A7 = -5.69250639462346e-05f, A9 = -2.10102402082508e-06f, A11 = 2.77068142495902e-08f, A13 = -2.72614225801306e-10f;
    private const float B0 = -1.42647390514189e-02f, B2 = -7.37332916720468e-03f, B4 = -1.68282697438203e-03f,
        B6 = -2.13374055278905e-04f, B8 = -1.45660718464996e-05f;
    private const float TwoOverSqrtPi = 1.1283791670955126f;

    /// <summary>y = erf(x) and, when dy is not empty, dy = (2/√π) e^{−x²}. x may alias y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        int n = x.Length, i = 0;
        bool wantD = !dy.IsEmpty;
        if (wantD && !Vector512.IsHardwareAccelerated)
        {
            // derivative first (x may alias y)
            TensorPrimitives.Multiply(x, x, dy[..n]);
            TensorPrimitives.Negate(dy[..n], dy[..n]);
            TensorPrimitives.Exp(dy[..n], dy[..n]);
            TensorPrimitives.Multiply(dy[..n], TwoOverSqrtPi, dy[..n]);
        }
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var xv = Vector512.Create(x.Slice(i, 16));
                if (wantD) (Vector512.Create(TwoOverSqrtPi) * VectorExp.Exp(-(xv * xv))).CopyTo(dy.Slice(i, 16));
                var v = Vector512.Clamp(xv, Vector512.Create(-4f), Vector512.Create(4f));
                var s = v * v;
                var p = Vector512.FusedMultiplyAdd(s, Vector512.Create(A13), Vector512.Create(A11));
                p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(A9));
                p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(A7));
                p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(A5));
                p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(A3));
                p = Vector512.FusedMultiplyAdd(p, s, Vector512.Create(A1));
                var q = Vector512.FusedMultiplyAdd(s, Vector512.Create(B8), Vector512.Create(B6));
                q = Vector512.FusedMultiplyAdd(q, s, Vector512.Create(B4));
                q = Vector512.FusedMultiplyAdd(q, s, Vector512.Create(B2));
                q = Vector512.FusedMultiplyAdd(q, s, Vector512.Create(B0));
                (v * p / q).CopyTo(y.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.Clamp(Vector256.Create(x.Slice(i, 8)), Vector256.Create(-4f), Vector256.Create(4f));
                var s = v * v;
                var p = Vector256.FusedMultiplyAdd(s, Vector256.Create(A13), Vector256.Create(A11));
                p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(A9));
                p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(A7));
                p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(A5));
                p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(A3));
                p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(A1));
                var q = Vector256.FusedMultiplyAdd(s, Vector256.Create(B8), Vector256.Create(B6));
                q = Vector256.FusedMultiplyAdd(q, s, Vector256.Create(B4));
                q = Vector256.FusedMultiplyAdd(q, s, Vector256.Create(B2));
                q = Vector256.FusedMultiplyAdd(q, s, Vector256.Create(B0));
                (v * p / q).CopyTo(y.Slice(i, 8));
            }
        }
        for (; i < n; i++)
        {
            if (wantD && Vector512.IsHardwareAccelerated) dy[i] = TwoOverSqrtPi * MathF.Exp(-x[i] * x[i]);
            y[i] = Scalar(x[i]);
        }
    }

    /// <summary>Scalar version of the same rational approximation.</summary>
    public static float Scalar(float x)
    {
        if (float.IsNaN(x)) return float.NaN;
        float v = Math.Clamp(x, -4f, 4f), s = v * v;
        float p = MathF.FusedMultiplyAdd(s, A13, A11);
        p = MathF.FusedMultiplyAdd(p, s, A9); p = MathF.FusedMultiplyAdd(p, s, A7); p = MathF.FusedMultiplyAdd(p, s, A5);
        p = MathF.FusedMultiplyAdd(p, s, A3); p = MathF.FusedMultiplyAdd(p, s, A1);
        float q = MathF.FusedMultiplyAdd(s, B8, B6);
        q = MathF.FusedMultiplyAdd(q, s, B4); q = MathF.FusedMultiplyAdd(q, s, B2); q = MathF.FusedMultiplyAdd(q, s, B0);
        return v * p / q;
    }
}
