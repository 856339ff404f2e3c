using System.Diagnostics;
using FeatureScale.Experiments;

namespace FeatureScale.Verification;

/// <summary>
/// Measures this machine's wall seconds per work unit of <see cref="VerifyDesign.Units"/>
/// (chain × step × P × (d N1 + N1 N2 …))
/// with one short run of the problem's network at d = 32, so that <see cref="VerifyDesign.ForBudget"/> sizes the
/// experiment for the machine it runs on (a second or two).
/// </summary>
public static class CostProbe
{
    /// <summary>The probe's d (a CNN's nearest valid size), the steps it times, and the short run's steps.</summary>
    public const int D = 32, Steps = 3000, Short = 200;

    /// <summary>Seconds per unit, measured.</summary>
    public static double SecondsPerUnit(VerifiableProblem problem, int chains = 4)
    {
        int d = problem.NearestValidSize(D);
        int p = (int)Math.Round(problem.HasLdt ? 1.41 * problem.LdtPStar(d)
            : VerifyDesign.PilotGuessAlphaFor(problem) * d);
        var cfg = problem.TrainConfigAt(d, p) with
        {
            Chains = chains, Burnin = 0, Steps = Short, Thin = Short, TestPoints = 200, Seed = 1,
        };
        // the difference of a short and a long run: start-up (JIT, step-size probe, test set) cancels
        double Time(TrainConfig c)
        {
            var clock = Stopwatch.StartNew();
            if (c.IsFcnHermite) Training.Run(c); else ArchTraining.Run(c);
            return clock.Elapsed.TotalSeconds;
        }
        Time(cfg with { Steps = 1000, Thin = 1000 });   // warm-up: the JIT tiers the hot loops up
        double shortRun = Time(cfg), longRun = Time(cfg with { Steps = Short + Steps, Thin = Short + Steps });
        return Math.Max(longRun - shortRun, 1e-3) / ((double)chains * Steps * VerifyDesign.StepUnits(problem, d, p));
    }
}
