using System.Globalization;
using FeatureScale.Numerics;

namespace FeatureScale.Sampling;

/// <summary>
/// The chain loop shared by every experiment: burn-in, thinning, measurement of kept states, divergence detection
/// and progress, written once. The caller owns the model, the observables and what is recorded.
/// </summary>
public static class ChainRunner
{
    /// <summary>
    /// Why a chain stopped. At step 0 the loss is that of the prior draw, before any step was taken: a bad start
    /// (the prior's functions are far from the data: prior variances, widths, activation or target scale), which a
    /// smaller step size cannot cure. Later it is a too-large step, and a smaller --eta is advised only if it is
    /// really smaller than the one used.
    /// </summary>
    public static string DivergenceMessage(string chainName, int step, double loss, double lossLimit, double eta, double suggestedEta,
        string samplerName = "ula")
    {
        var inv = CultureInfo.InvariantCulture;
        if (step == 0)
            return string.Create(inv, $"{chainName}: bad start: the initial state (a prior draw) already has training loss {loss:G3}, above the divergence limit {lossLimit:G3}, before any step; a smaller --eta cannot help: lower the prior variances (--sigma2), the widths or the target scale, or use a bounded activation");
        if (samplerName != "ula")
            return string.Create(inv, $"{chainName} diverged at step {step} (training loss {loss:G3}) with sampler {samplerName}, step h = {eta:G3} in prior-normalised coordinates; rerun with a smaller --sampler-step-fraction");
        if (suggestedEta < eta)
            return string.Create(inv, $"{chainName} diverged at step {step} (training loss {loss:G3}) with step size η = {eta:G3}: the step is too large; rerun with a smaller step, e.g. --eta {suggestedEta:G3}");
        return string.Create(inv, $"{chainName} diverged at step {step} (training loss {loss:G3}) although η = {eta:G3} is already at or below the stable step {suggestedEta:G3}: the posterior itself is unstable (check kappa, the prior variances and the activation) rather than the step size");
    }

    /// <summary>
    /// Runs one chain in place on <paramref name="theta"/>. At every kept step θ is measured (given the step and θ) before the update, so the
    /// measurement and the loss passed to <paramref name="keep"/> refer to the same θ. Stops early on cancellation or
    /// on divergence (a loss that is not finite or exceeds <paramref name="lossLimit"/>); returns the divergence
    /// message, which names η and <paramref name="suggestedEta"/> to try, or null.
    /// </summary>
    /// <param name="from">The step to start at: 0 starts the chain (the sampler's Init); a later step continues a
    /// chain that ran steps 0…from−1 with this same sampler, θ and noise stream (an extension of a finished
    /// run).</param>
    /// <param name="firstSample">The index the first kept sample gets (the number kept before <paramref name="from"/>).</param>
    /// <param name="stepsDone">Called with the number of steps done since its last call (every <paramref name="reportEvery"/> steps and at the end).</param>
    /// <param name="trace">Optional: called with (step, θ) before every step that is a multiple of <paramref name="traceEvery"/>
    /// (burn-in included, before the kept-sample measurement of the same step) and with the final state (step = TotalSteps)
    /// when the chain ends normally: a time series over the whole run, e.g. loss curves.</param>
    public static string? Run<T, TObs>(IChainSampler<T> sampler, T[] theta, RandomStream noise, ChainSchedule schedule,
        double lossLimit, string chainName, double suggestedEta, Func<int, T[], TObs> measure, KeepSample<TObs> keep,
        Action<int>? stepsDone = null, int reportEvery = 100, CancellationToken cancel = default,
        Action<int, T[]>? trace = null, int traceEvery = 1, int from = 0, int firstSample = 0)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (trace is not null && traceEvery < 1) throw new ArgumentOutOfRangeException(nameof(traceEvery), "traceEvery must be at least 1");
        if (from < 0 || from > schedule.TotalSteps) throw new ArgumentOutOfRangeException(nameof(from));
        int sample = firstSample, pending = 0, total = schedule.TotalSteps;
        try
        {
            if (from == 0) sampler.Init(theta, noise);
            for (int t = from; t < total; t++)
            {
                if (cancel.IsCancellationRequested) return null;
                if (trace is not null && t % traceEvery == 0) trace(t, theta);
                bool kept = schedule.IsKept(t);
                TObs? observation = kept ? measure(t, theta) : default;
                double loss = sampler.Step(theta, noise);
                if (!double.IsFinite(loss) || loss > lossLimit)
                    return DivergenceMessage(chainName, t, loss, lossLimit, sampler.StepSize, suggestedEta, sampler.Name);
                if (kept) keep(t, sample++, loss, observation!);
                if (++pending == reportEvery) { stepsDone?.Invoke(pending); pending = 0; }
            }
            trace?.Invoke(total, theta);
            return null;
        }
        finally
        {
            if (pending > 0) stepsDone?.Invoke(pending);
        }
    }

    /// <summary>
    /// Runs chains 0…<paramref name="chains"/>−1, in parallel on up to <paramref name="threads"/> threads when
    /// <paramref name="parallel"/>, else one after another. A chain that returns a divergence message stops the
    /// others (they see a cancelled token); the message of the lowest-numbered diverged chain is returned.
    /// </summary>
    public static string? RunEnsemble(int chains, int threads, bool parallel, Func<int, CancellationToken, string?> chain, CancellationToken cancel = default)
    {
        var messages = new string?[chains];
        using var stop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, stop.Token);
        void One(int c)
        {
            if (linked.IsCancellationRequested) return;
            messages[c] = chain(c, linked.Token);
            if (messages[c] is not null) stop.Cancel();
        }
        if (parallel && chains > 1)
            Parallel.For(0, chains, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, One);
        else
            for (int c = 0; c < chains; c++) One(c);
        return messages.FirstOrDefault(m => m is not null);
    }
}
