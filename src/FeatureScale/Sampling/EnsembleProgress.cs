using System.Diagnostics;
using System.Globalization;

namespace FeatureScale.Sampling;

/// <summary>
/// Progress of an ensemble of Langevin chains, fed from any thread: chain-steps done, the running mean of the
/// primary observable over kept samples (e.g. A_f) and the throughput, reported as
/// "A_f 0.312, 1480 chain-steps/s". Display only: it never touches the numbers a run produces.
/// </summary>
internal sealed class EnsembleProgress(IProgressSink sink, string observable, long totalSteps)
{
    private long _total = totalSteps;
    private string _note = "";

    /// <summary>The chains are extended: the new total of chain-steps and a note shown beside the numbers.</summary>
    public void Extend(long newTotalSteps, string note)
    {
        Interlocked.Exchange(ref _total, newTotalSteps);
        lock (_gate) _note = note;
    }

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _done;
    private double _sum;
    private long _count;

    /// <summary>Adds one kept sample of the primary observable.</summary>
    public void AddSample(double value)
    {
        lock (_gate) { _sum += value; _count++; }
    }

    /// <summary>Counts chain-steps done since the last call of this chain and reports.</summary>
    public void AddSteps(int steps)
    {
        long done = Interlocked.Add(ref _done, steps);
        double mean;
        string note;
        lock (_gate) { mean = _count > 0 ? _sum / _count : double.NaN; note = _note; }
        double rate = done / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        string value = double.IsNaN(mean) ? "(burn-in)" : mean.ToString("0.000", CultureInfo.InvariantCulture);
        string speed = rate < 100 ? rate.ToString("0.0", CultureInfo.InvariantCulture)
                                  : rate.ToString("0", CultureInfo.InvariantCulture);
        sink.Report((double)done / Interlocked.Read(ref _total),
            FormattableString.Invariant($"{observable} {value}, {speed} chain-steps/s{note}"));
    }
}
