using System.CommandLine;
using FeatureScale.Cli.Commands;

namespace FeatureScale.Cli;

/// <summary>
/// The featurescale command line: a thin shell over the library. Each command lives in Commands/ and is added here.
/// Exit codes: 0 success, 1 failure while running, 2 bad arguments or configuration (one line on stderr).
/// </summary>
public static class CliApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "FeatureScale: predict and measure feature learning in Bayesian neural networks " +
            "(Rubin, Davidovich & Ringel, arXiv 2512.04165). Run a command with --help for its options.");
        root.Subcommands.Add(InfoCommand.Build());
        root.Subcommands.Add(SelfCheckCommand.Build());
        root.Subcommands.Add(SweepCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(ReproduceCommand.Build());
        root.Subcommands.Add(PredictCommand.Build());
        root.Subcommands.Add(LdtCommand.Build());
        root.Subcommands.Add(AdaptiveCommand.Build());
        root.Subcommands.Add(KernelCommand.Build());
        root.Subcommands.Add(GpCommand.Build());
        root.Subcommands.Add(TrainCommand.Build());
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = Build();
        ParseResult parse;
        try { parse = root.Parse(args); }
        catch (Exception e) { return Fail.Usage(e.Message); }
        if (parse.Errors.Count > 0) return Fail.Usage(parse.Errors[0].Message);
        return parse.Invoke();
    }
}

/// <summary>Uniform error reporting for command actions.</summary>
public static class Fail
{
    /// <summary>Prints one line on stderr and returns exit code 2.</summary>
    public static int Usage(string message)
    {
        Console.Error.WriteLine($"featurescale: {message}");
        return 2;
    }

    /// <summary>
    /// Runs an action: <see cref="ConfigException"/> and argument errors become one line and exit 2, other
    /// failures one line and exit 1 (the stack trace only with FEATURESCALE_DEBUG=1).
    /// </summary>
    public static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (ConfigException e) { return Usage(e.Message); }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException or FileNotFoundException or DirectoryNotFoundException)
        {
            return Usage(e.Message.Split('\n')[0]);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FEATURESCALE_DEBUG") != "1")
        {
            Console.Error.WriteLine($"featurescale: error: {e.Message.Split('\n')[0]}");
            return 1;
        }
    }
}
