using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FeatureScale.Numerics;

namespace FeatureScale.Architectures;

/// <summary>The element-wise non-linearity σ of the fully connected network (Eq. 1).</summary>
public enum Activation
{
    /// <summary>σ(x) = erf(x) (the paper's main experiments).</summary>
    Erf,
    /// <summary>σ(x) = max(x, 0).</summary>
    Relu,
    /// <summary>σ(x) = tanh(x).</summary>
    Tanh,
    /// <summary>σ(x) = x (deep linear network).</summary>
    Linear,
    /// <summary>σ(x) = 1 + x + x² (Fig. 6).</summary>
    Quadratic,
    /// <summary>σ(x) = x² (the modular-addition network of arXiv 2310.03789, Eq. 5).</summary>
    Square,
}

/// <summary>Names, parsing and vectorised evaluation of <see cref="Activation"/> for double and float spans.</summary>
public static class Activations
{
    /// <summary>Parses "erf", "relu", "tanh", "linear", "quadratic" (alias "1+x+x^2", "1+x+x2"), "square" (alias "x^2",
    /// "x2"); case-insensitive.</summary>
    public static Activation Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "erf" => Activation.Erf,
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "linear" or "identity" => Activation.Linear,
        "quadratic" or "1+x+x^2" or "1+x+x2" or "1+x+x²" => Activation.Quadratic,
        "square" or "x^2" or "x2" or "x²" => Activation.Square,
        _ => throw new ConfigException($"unknown activation '{name}' (use erf, relu, tanh, linear, quadratic = 1+x+x^2 or square = x^2)"),
    };

    /// <summary>The canonical name written to configs and manifests.</summary>
    public static string Name(Activation a) => a switch
    {
        Activation.Erf => "erf", Activation.Relu => "relu", Activation.Tanh => "tanh",
        Activation.Linear => "linear", Activation.Square => "square", _ => "quadratic",
    };

    /// <summary>Scalar σ(x), for tests and references.</summary>
    public static double Value(Activation a, double x) => a switch
    {
        Activation.Erf => Elementwise.ErfScalar(x),
        Activation.Relu => Math.Max(x, 0),
        Activation.Tanh => Math.Tanh(x),
        Activation.Linear => x,
        Activation.Square => x * x,
        _ => 1 + x + x * x,
    };

    /// <summary>y = σ(x) and, when dy is not empty, dy = σ′(x). x may alias y but not dy.</summary>
    public static void Apply<T>(Activation a, ReadOnlySpan<T> x, Span<T> y, Span<T> dy) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            ApplyDouble(a, MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(dy));
        else if (typeof(T) == typeof(float))
            ApplyFloat(a, MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(dy));
        else throw new NotSupportedException($"element type {typeof(T).Name}");
    }

    private static void ApplyDouble(Activation a, ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        bool d = !dy.IsEmpty;
        switch (a)
        {
            case Activation.Erf:
                if (d) Elementwise.ErfWithDerivative(x, y, dy); else Elementwise.Erf(x, y);
                break;
            case Activation.Relu:
                if (d) Elementwise.ReluDerivative(x, dy);
                Elementwise.Relu(x, y);
                break;
            case Activation.Tanh:
                Elementwise.Tanh(x, y);
                if (d) Elementwise.TanhDerivativeFromValue(y, dy);
                break;
            case Activation.Linear:
                if (d) dy[..x.Length].Fill(1.0);
                x.CopyTo(y);
                break;
            case Activation.Square:
                if (d) TensorPrimitives.Multiply(x, 2.0, dy);      // 2x (before y overwrites an aliased x)
                TensorPrimitives.Multiply(x, x, y);
                break;
            default:
                if (d) { TensorPrimitives.Multiply(x, 2.0, dy); TensorPrimitives.Add(dy[..x.Length], 1.0, dy); } // 1 + 2x
                TensorPrimitives.MultiplyAdd(x, x, x, y);            // x² + x
                TensorPrimitives.Add(y[..x.Length], 1.0, y);
                break;
        }
    }

    private static void ApplyFloat(Activation a, ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        bool d = !dy.IsEmpty;
        switch (a)
        {
            case Activation.Erf:
                ErfSingle.Apply(x, y, dy);
                break;
            case Activation.Relu:
                if (d) Elementwise.ReluDerivative(x, dy);
                Elementwise.Relu(x, y);
                break;
            case Activation.Tanh:
                Elementwise.Tanh(x, y);
                if (d) Elementwise.TanhDerivativeFromValue(y[..x.Length], dy);
                break;
            case Activation.Linear:
                if (d) dy[..x.Length].Fill(1f);
                x.CopyTo(y);
                break;
            case Activation.Square:
                if (d) TensorPrimitives.Multiply(x, 2f, dy);
                TensorPrimitives.Multiply(x, x, y);
                break;
            default:
                if (d) { TensorPrimitives.Multiply(x, 2f, dy); TensorPrimitives.Add(dy[..x.Length], 1f, dy); }
                TensorPrimitives.MultiplyAdd(x, x, x, y);
                TensorPrimitives.Add(y[..x.Length], 1f, y);
                break;
        }
    }
}
