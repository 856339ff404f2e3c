using System.Runtime.InteropServices;
using FeatureScale.Numerics;

namespace FeatureScale.Activations;

/// <summary>
/// An element-wise non-linearity σ (Eq. 1), defined once for every layer of the system: its value and derivative
/// (scalar and vectorised over double and float spans, for the sampled networks), its Gaussian two-point function
/// E[σ(u)σ(v)] (the NNGP recursion, Eq. 8), its Hermite coefficients (spectra, Mehler's formula) and the Gaussian
/// derivative expectations g_m(s) = E_{t~N(0,s)}[σ^{(m)}(t)] of the LDT (App. B.3). Every capability has a numerical
/// default, so a user function (<see cref="FromFunction"/>) gets all of them; a built-in overrides what it has in
/// closed form. Adding an activation is one file: a subclass marked <see cref="ActivationNameAttribute"/>.
/// </summary>
public abstract class Activation : IEquatable<Activation>
{
    /// <summary>The canonical name written to configs and manifests ("erf", "relu", …).</summary>
    public abstract string Name { get; }

    /// <summary>σ(x).</summary>
    public abstract double Value(double x);

    /// <summary>σ′(x); the default is a central difference.</summary>
    public virtual double Derivative(double x)
    {
        double h = 1e-5 * Math.Max(1, Math.Abs(x));
        return (Value(x + h) - Value(x - h)) / (2 * h);
    }

    /// <summary>y = σ(x) and, when dy is not empty, dy = σ′(x). x may alias y but not dy.</summary>
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> dy) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            Apply(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(dy));
        else if (typeof(T) == typeof(float))
            Apply(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(dy));
        else throw new NotSupportedException($"element type {typeof(T).Name}");
    }

    /// <summary>σ element-wise (y may alias x).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => Apply(x, y, Span<double>.Empty);

    /// <summary>Vectorised y = σ(x), dy = σ′(x) over doubles; the default is a scalar loop.</summary>
    protected virtual void Apply(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        bool d = !dy.IsEmpty;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            if (d) dy[i] = Derivative(xi);
            y[i] = Value(xi);
        }
    }

    /// <summary>Vectorised y = σ(x), dy = σ′(x) over floats; the default is a scalar loop in double.</summary>
    protected virtual void Apply(ReadOnlySpan<float> x, Span<float> y, Span<float> dy)
    {
        bool d = !dy.IsEmpty;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            if (d) dy[i] = (float)Derivative(xi);
            y[i] = (float)Value(xi);
        }
    }

    /// <summary>True when <see cref="Covariance"/> is a closed form (not quadrature).</summary>
    public virtual bool HasClosedForm => false;

    /// <summary>
    /// E[σ(u)σ(v)] for centred Gaussian (u, v) with variances q1, q2 and covariance c. The default is Mehler's series
    /// (see <see cref="GaussianTwoPoint"/>), with a Gauss–Hermite product rule close to |ρ| = 1.
    /// </summary>
    public virtual double Covariance(double q1, double q2, double c) => _twoPoint.Value.Covariance(q1, q2, c);

    private readonly Lazy<GaussianTwoPoint> _twoPoint;

    /// <summary>Nodes per dimension of the product rule the numerical <see cref="Covariance"/> uses near |ρ| = 1.</summary>
    protected virtual int CovarianceNodes => 128;

    protected Activation() => _twoPoint = new Lazy<GaussianTwoPoint>(() => new GaussianTwoPoint(this, CovarianceNodes));

    /// <summary>
    /// In place, for one row of a Gram matrix: c[j] ← E[σ(u)σ(v_j)] with Var u = qi, Var v_j = qj[j], Cov = c[j].
    /// Closed forms override this with a vectorised version.
    /// </summary>
    public virtual void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        for (int j = 0; j < c.Length; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }

    /// <summary>E[σ(u)σ(v)] by an n×n Gauss–Hermite product rule (an independent check of any closed form).</summary>
    public double CovarianceByQuadrature(double q1, double q2, double c, int nodes = 60) =>
        GaussHermite.Expectation2D((u, v) => Value(u) * Value(v), q1, q2, c, nodes);

    /// <summary>
    /// Hermite coefficients under N(0, q): σ(√q z) = Σ_n a_n h_n(z), h_n = He_n/√n!, a_n = E[σ(√q z) h_n(z)]
    /// (so E[σ(u)σ(v)] = Σ_n a_n(q1) a_n(q2) ρⁿ by Mehler's formula). Default: 200-node Gauss–Hermite.
    /// </summary>
    public virtual double[] HermiteCoefficients(int maxDegree, double q) =>
        CleanRoundOff(Hermite.Coefficients(Value, maxDegree, q, GaussHermite.MaxNodes));

    /// <summary>Sets coefficients below quadrature round-off (1e-14 of the largest) to exactly zero.</summary>
    protected internal static double[] CleanRoundOff(double[] a)
    {
        double max = a.Length == 0 ? 0 : a.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++) if (Math.Abs(a[i]) < 1e-14 * max) a[i] = 0;
        return a;
    }

    /// <summary>True when <see cref="DerivativeExpectation"/> and <see cref="SecondMoment"/> use quadrature.</summary>
    public virtual bool UsesQuadrature => true;

    /// <summary>
    /// g_m(s) = E_{t~N(0,s)}[σ^{(m)}(t)], s &gt; 0 (App. B.3). The default is Gaussian integration by parts,
    /// g_m(s) = s^{−m/2} E_z[σ(√s z) He_m(z)], by adaptive quadrature split at 0 (so a kink sits on a panel edge).
    /// </summary>
    public virtual double DerivativeExpectation(int m, double s)
    {
        CheckVariance(s);
        double sq = Math.Sqrt(s);
        double Integrand(double z) => Value(sq * z) * Hermite.He(m, z) * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        double e = Quadrature.Integrate(Integrand, double.NegativeInfinity, 0, 1e-13, 1e-11).Value
                 + Quadrature.Integrate(Integrand, 0, double.PositiveInfinity, 1e-13, 1e-11).Value;
        return e * Math.Pow(s, -0.5 * m);
    }

    /// <summary>E_z[σ(√s z)²], the NNGP diagonal of a lazy two-layer net with unit read-out variance.</summary>
    public virtual double SecondMoment(double s)
    {
        double sq = Math.Sqrt(s);
        double Integrand(double z) { double v = Value(sq * z); return v * v * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI); }
        return Quadrature.Integrate(Integrand, double.NegativeInfinity, 0, 1e-14, 1e-12).Value
             + Quadrature.Integrate(Integrand, 0, double.PositiveInfinity, 1e-14, 1e-12).Value;
    }

    /// <summary>Throws unless s &gt; 0.</summary>
    protected static void CheckVariance(double s)
    {
        if (!(s > 0)) throw new ArgumentOutOfRangeException(nameof(s), "variance must be positive");
    }

    /// <summary>
    /// The same σ with every closed form dropped: each capability by its numerical default (to cross-check closed
    /// forms, e.g. the LDT's <c>quadrature: true</c>).
    /// </summary>
    public Activation Numerical() => this is FunctionActivation ? this : new FunctionActivation(Name, Value, 128, null);

    /// <summary>Parses a name or alias (case-insensitive): see <see cref="ActivationCatalog"/>.</summary>
    public static Activation Parse(string name) => ActivationCatalog.Parse(name);

    /// <summary>A user-supplied activation: every capability by its numerical default.</summary>
    public static Activation FromFunction(string name, Func<double, double> f, int nodes = 128) =>
        new FunctionActivation(name, f, nodes, null);

    /// <summary>σ = erf (the paper's main experiments).</summary>
    public static Activation Erf { get; } = new ErfActivation();
    /// <summary>σ = max(x, 0).</summary>
    public static Activation Relu { get; } = new ReluActivation();
    /// <summary>σ = tanh.</summary>
    public static Activation Tanh { get; } = new TanhActivation();
    /// <summary>σ(x) = x (deep linear network).</summary>
    public static Activation Linear { get; } = new LinearActivation();
    /// <summary>σ(x) = 1 + x + x² (Fig. 6).</summary>
    public static Activation Quadratic { get; } = new QuadraticActivation();
    /// <summary>σ(x) = x² (modular addition, 2310.03789 Eq. 5).</summary>
    public static Activation Square { get; } = new SquareActivation();

    /// <summary>Two activations are equal when they are of one kind with one name (user functions: the same
    /// instance).</summary>
    public bool Equals(Activation? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (this is not FunctionActivation && other.GetType() == GetType() && other.Name == Name));

    public override bool Equals(object? obj) => Equals(obj as Activation);
    public override int GetHashCode() => HashCode.Combine(GetType(), Name);
    public override string ToString() => Name;
}
