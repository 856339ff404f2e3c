using System.CommandLine;
using FeatureScale.Reporting;
using Spectre.Console;

namespace FeatureScale.Cli.Commands;

/// <summary><c>featurescale info [--json]</c>: version, linear-algebra backend, OpenBLAS core, threads, SIMD.</summary>
public static class InfoCommand
{
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of a table." };
        var cmd = new Command("info", "Show the version, the linear-algebra backend (OpenBLAS or managed), the OpenBLAS kernel set, threads and SIMD support.");
        cmd.Options.Add(json);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var env = RunEnvironment.Current();
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(env)); return 0; }
            var table = new Table().AddColumn("property").AddColumn("value");
            table.AddRow("version", env.Version);
            table.AddRow("git commit", env.GitCommit ?? "(unknown)");
            table.AddRow("backend", env.Backend);
            table.AddRow("OpenBLAS core", env.OpenBlasCore);
            table.AddRow("backend note", Markup.Escape(env.BackendNote));
            table.AddRow("OPENBLAS_CORETYPE set by FeatureScale", env.CoreTypeSetByFeatureScale ?? "no (user's value or none needed)");
            table.AddRow("BLAS threads", env.BlasThreads.ToString());
            table.AddRow("processors", env.ProcessorCount.ToString());
            table.AddRow("SIMD", env.Simd);
            table.AddRow("element-wise kernels", env.ElementwisePath);
            table.AddRow("runtime", env.Runtime);
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }
}
