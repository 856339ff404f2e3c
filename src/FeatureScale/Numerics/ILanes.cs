namespace FeatureScale.Numerics;

/// <summary>
/// The few vector operations the element-wise kernels need, over one SIMD width. Kernels are written once,
/// generic over this interface; the JIT specialises them for <see cref="Lanes512"/> and <see cref="Lanes256"/>.
/// </summary>
internal interface ILanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract bool IsAccelerated { get; }
    static abstract TV Create(double value);
    static abstract TV Load(ReadOnlySpan<double> source, int offset);
    static abstract void Store(TV value, Span<double> dest, int offset);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    static abstract TV Fma(TV a, TV b, TV c);
    static abstract TV Abs(TV a);
    static abstract TV Round(TV a);
    static abstract TV Exp(TV a);
    /// <summary>eˣ for x ∈ [−708, 0] (the caller guarantees the range).</summary>
    static abstract TV ExpNonPositive(TV a);
    static abstract TV Max(TV a, TV b);
    static abstract TV Min(TV a, TV b);
    static abstract TV And(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    static abstract TV Equals(TV a, TV b);
    static abstract bool AllLessThan(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV Select(TV mask, TV whenTrue, TV whenFalse);
    static abstract bool AllLessOrEqual(TV a, TV b);
    static abstract bool AnyGreaterThan(TV a, TV b);
    static abstract bool AnyLessThan(TV a, TV b);
}
