using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Sweeps;

public class SubmitErrorTests
{
    private const string Spec = """
    {"name":"e","executor":"synthetic-alignment","grid":{"d":[10],"P":[50,100,200]}}
    """;

    [Fact]
    public void MissingSbatchIsOneLineAndExit2AndDryRunPrintsTheArrayScript()
    {
        using var tmp = new TempDir();
        var spec = tmp.Sub("spec.json");
        File.WriteAllText(spec, Spec);
        var psi = CliProcess.StartInfo("sweep", "submit", spec, "--out", tmp.Sub("s"), "--slurm", "--tasks", "2");
        psi.Environment["PATH"] = "/nonexistent";
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(2, p.ExitCode);
            Assert.Contains("featurescale: sbatch not found on PATH", err);
            Assert.Contains("warning:", err);                                  // a /tmp folder is node-local
        }
        var dry = CliProcess.Run("sweep", "submit", spec, "--out", tmp.Sub("s"), "--slurm", "--tasks", "2", "--dry-run", "--mem", "2G");
        Assert.Equal(0, dry.Code);
        Assert.Contains("#SBATCH --array=1-2", dry.Out);
        Assert.Contains("#SBATCH --mem=2G", dry.Out);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/2\"", dry.Out);
        Assert.False(Directory.Exists(tmp.Sub("s")), "a dry run wrote files");
        var bad = CliProcess.Run("sweep", "submit", spec, "--out", tmp.Sub("s"), "--slurm", "--tasks", "0");
        Assert.Equal(2, bad.Code);
    }
}
