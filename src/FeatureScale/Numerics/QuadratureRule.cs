namespace FeatureScale.Numerics;

/// <summary>A quadrature rule: Σ_i Weights[i] f(Nodes[i]).</summary>
public sealed record QuadratureRule(double[] Nodes, double[] Weights)
{
    /// <summary>Applies the rule to f.</summary>
    public double Integrate(Func<double, double> f)
    {
        double s = 0;
        for (int i = 0; i < Nodes.Length; i++) s += Weights[i] * f(Nodes[i]);
        return s;
    }
}
