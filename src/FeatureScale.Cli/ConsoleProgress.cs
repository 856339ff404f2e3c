using System.Diagnostics;
using Spectre.Console;

namespace FeatureScale.Cli;

/// <summary>
/// Shows progress of long work: a Spectre.Console bar with ETA on a terminal, plain periodic lines
/// ("[ 42%] status") when output is redirected. Reports may come from any thread; the display is updated from one.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs work(sink) while displaying its progress under the given title.</summary>
    public static T Run<T>(string title, Func<IProgressSink, T> work, TextWriter? plainOut = null)
    {
        bool interactive = plainOut is null && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive) return work(new PlainSink(title, plainOut ?? Console.Out));
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                var sink = new SharedSink();
                var worker = Task.Run(() => work(sink));
                while (!worker.Wait(200))
                {
                    var (f, s) = sink.Latest;
                    task.Value = f;
                    if (s.Length > 0) task.Description = Markup.Escape($"{title}: {s}");
                }
                task.Value = 1.0;
                result = worker.GetAwaiter().GetResult();
            });
        return result;
    }

    private sealed class SharedSink : IProgressSink
    {
        private (double, string) _latest = (0, "");
        public (double, string) Latest { get { lock (this) return _latest; } }
        public void Report(double fraction, string status) { lock (this) _latest = (Math.Clamp(fraction, 0, 1), status); }
    }

    private sealed class PlainSink(string title, TextWriter output) : IProgressSink
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _lastPrinted = -1;
        private double _lastFraction = -1;

        public void Report(double fraction, string status)
        {
            lock (this)
            {
                double t = _clock.Elapsed.TotalSeconds;
                bool due = t - _lastPrinted >= 5 || (fraction >= 1 && _lastFraction < 1) || _lastPrinted < 0;
                _lastFraction = fraction;
                if (!due) return;
                _lastPrinted = t;
                string eta = fraction > 0.01 && fraction < 1 ? FormattableString.Invariant($", ETA {t * (1 - fraction) / fraction:0}s") : "";
                output.WriteLine(FormattableString.Invariant($"[{100 * fraction,3:0}%] {title}{(status.Length > 0 ? ": " + status : "")} ({t:0}s{eta})"));
            }
        }
    }
}
