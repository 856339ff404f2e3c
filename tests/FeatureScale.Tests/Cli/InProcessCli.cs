using FeatureScale.Cli;

namespace FeatureScale.Tests.Cli;

/// <summary>
/// Runs the CLI inside the test process with stdout and stderr captured. Console is global, so runs are serialised
/// (test classes in different collections may call this at the same time).
/// </summary>
internal static class InProcessCli
{
    private static readonly object Gate = new();

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var (savedOut, savedErr) = (Console.Out, Console.Error);
            var stdout = new StringWriter(); var stderr = new StringWriter();
            Console.SetOut(stdout); Console.SetError(stderr);
            try { return (CliApp.Run(args), stdout.ToString(), stderr.ToString()); }
            finally { Console.SetOut(savedOut); Console.SetError(savedErr); }
        }
    }
}
