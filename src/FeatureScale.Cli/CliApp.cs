using System.CommandLine;
using System.CommandLine.Help;
using FeatureScale.Cli.Commands;

namespace FeatureScale.Cli;

/// <summary>
/// The featurescale command line: a thin shell over the library. Each command lives in Commands/ and is added here.
/// Exit codes: 0 success, 1 failure while running, 2 bad arguments or configuration (one line on stderr).
/// </summary>
public static class CliApp
{
    /// <summary>Builds the root command (named featurescale, whatever the executable is called) with every subcommand.</summary>
    public static Command Build()
    {
        var root = new Command("featurescale",
            "FeatureScale: predict and measure feature learning in Bayesian neural networks " +
            "(Rubin, Davidovich & Ringel, arXiv 2512.04165). Run a command with --help for its options.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(InfoCommand.Build());
        root.Subcommands.Add(SelfCheckCommand.Build());
        root.Subcommands.Add(SweepCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(ReproduceCommand.Build());
        root.Subcommands.Add(PredictCommand.Build());
        root.Subcommands.Add(VerifyCommand.Build());
        root.Subcommands.Add(LdtCommand.Build());
        root.Subcommands.Add(AdaptiveCommand.Build());
        root.Subcommands.Add(KernelCommand.Build());
        root.Subcommands.Add(GpCommand.Build());
        root.Subcommands.Add(TrainCommand.Build());
        return root;
    }

    /// <summary>Parses, checks every option value (finiteness, ranges), then runs; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = Build();
        ParseResult parse;
        try { parse = root.Parse(args); }
        catch (Exception e) { return Fail.Usage(e.Message); }
        if (parse.Errors.Count > 0) return Fail.Usage(ParseErrors.Describe(parse));
        if (InputChecks.FirstProblem(parse) is { } problem) return Fail.Usage(problem);
        return parse.Invoke();
    }
}
