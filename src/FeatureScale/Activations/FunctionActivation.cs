namespace FeatureScale.Activations;

/// <summary>
/// A user-supplied σ (or a built-in with its closed forms dropped, <see cref="Activation.Numerical"/>): every
/// capability by the numerical defaults of <see cref="Activation"/>.
/// </summary>
public sealed class FunctionActivation(string name, Func<double, double> f, int nodes, Func<double, double>? derivative)
    : Activation
{
    public override string Name => name;
    public override double Value(double x) => f(x);
    public override double Derivative(double x) => derivative is null ? base.Derivative(x) : derivative(x);
    protected override int CovarianceNodes => nodes;
}
