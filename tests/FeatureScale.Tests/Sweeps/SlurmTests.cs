using System.Diagnostics;
using FeatureScale.Sweeps;
using FeatureScale.Sweeps.Slurm;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Sweeps;

/// <summary>Against the real Slurm of this machine (.ci/start-slurm): submit, cancel a task mid-way, resume.</summary>
[Trait("Category", "Slurm")]
public class SlurmTests
{
    private const string Spec = """
    {"name":"slurm-test","executor":"synthetic-alignment","base":{"chains":2,"delay_ms":2500},
     "grid":{"d":[10,20],"$alpha":[5,10,20],"seed":[1,2]},"derive":{"P":"round($alpha*d)"}}
    """;

    private static void WaitFor(Func<bool> condition, double seconds, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
                throw new TimeoutException($"{what} did not happen in {seconds} s; the queue:\n{Queue()}");
            Thread.Sleep(250);
        }
    }

    /// <summary>What squeue and sinfo say, for a timeout's message (a busy node is the usual cause).</summary>
    private static string Queue()
    {
        static string Run(string command, string args)
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(command, args)
                    { RedirectStandardOutput = true, RedirectStandardError = true })!;
                string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit(10_000);
                return text;
            }
            catch (Exception e) { return $"{command}: {e.Message}\n"; }
        }
        return Run("squeue", "-o \"%i %j %T %M %l %C\"") + Run("sinfo", "");
    }

    [SlurmFact]
    public void AnArrayCancelledMidwayAndResumedComputesEveryRunOnceAndEqualsALocalRun()
    {
        using var tmp = new TempDir();
        var spec = tmp.Sub("spec.json");
        File.WriteAllText(spec, Spec);
        string dir = tmp.Sub("cluster");
        try
        {
            var submit = CliProcess.Run("sweep", "submit", spec, "--out", dir, "--slurm", "--tasks", "3",
                "--time", "5:00");
            Assert.True(submit.Code == 0, submit.Err);
            string job = SlurmJobs.Load(dir).Single().JobId;
            var store = new SweepStore(dir);
            // cancel task 2 once its own first run is stored and its last is not: it has runs left to lose. (Waiting
            // for a run of another task raced with task 2 finishing while slurmctld still called it RUNNING.)
            var mine = SweepSpec.Parse(Spec).Expand().Where(r => new Shard(2, 3).Contains(r.Index)).ToList();
            WaitFor(() => SlurmClient.Tasks(job).Any(t => t.TaskId == "2" && t.State == "RUNNING")
                          && store.IsDone(mine[0].Key) && !store.IsDone(mine[^2].Key),
                    90, "task 2 running its second run");
            SlurmClient.Cancel($"{job}_2");
            WaitFor(() => SlurmClient.Tasks(job).All(t => !t.Active), 90, "the array to end");
            Assert.Contains(SlurmClient.Tasks(job), t => t.TaskId == "2" && t.State == "CANCELLED");
            Assert.True(store.Status().Done < 12, "task 2 finished before it was cancelled");

            var status = CliProcess.Run("sweep", "status", dir);
            Assert.Contains($"{job}_2 CANCELLED", status.Out);
            var resume = CliProcess.Run("sweep", "submit", "--out", dir, "--slurm", "--resume");
            Assert.True(resume.Code == 0, resume.Err);
            Assert.Contains("(2)", resume.Out);                                   // only shard 2 is resubmitted
            string again = SlurmJobs.Load(dir)[^1].JobId;
            WaitFor(() => SlurmClient.Tasks(again).All(t => !t.Active), 90, "the resubmitted task to end");
            Assert.Equal(12, store.Status().Done);

            var ran = Directory.GetFiles(Path.Combine(dir, "slurm", "logs"), "*.out").SelectMany(File.ReadAllLines)
                .Where(l => l.StartsWith("ran ")).ToList();
            Assert.Equal(12, ran.Count);
            Assert.Equal(12, ran.Distinct().Count());
            var local = CliProcess.Run("sweep", "run", spec, "--out", tmp.Sub("local"));
            Assert.True(local.Code == 0, local.Err);
            store.WriteResults();
            Assert.Equal(SweepStoreTests.Comparable(tmp.Sub("local")), SweepStoreTests.Comparable(dir));
            var nothing = CliProcess.Run("sweep", "submit", "--out", dir, "--slurm", "--resume");
            Assert.Contains("nothing to resubmit: all 12 runs are done", nothing.Out);
        }
        finally
        {
            // a failed run must not leave its tasks holding the node's CPUs for the next run
            if (Directory.Exists(Path.Combine(dir, "slurm")))
                foreach (var j in SlurmJobs.Load(dir))
                    try { SlurmClient.Cancel(j.JobId); } catch (InvalidOperationException) { }
        }
    }
}
