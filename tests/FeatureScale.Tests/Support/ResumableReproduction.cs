using FeatureScale.Reproductions;

namespace FeatureScale.Tests.Support;

/// <summary>The common check of a resumable reproduction: it writes its files, and a re-run reuses a cached run
/// (the cached file is not rewritten) and gives the same verdict lines.</summary>
internal static class ResumableReproduction
{
    public static ReproductionResult Check(Func<ReproductionResult> run, string dir, string verdictPrefix, IEnumerable<string> files, string cachedFile)
    {
        var first = run();
        Assert.Contains(first.Verdicts, v => v.Text.StartsWith(verdictPrefix));
        foreach (var f in files) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        var cached = Path.Combine(dir, cachedFile);
        var stamp = File.GetLastWriteTimeUtc(cached);
        var second = run();
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(cached));
        Assert.Equal(first.Verdicts.Select(v => v.Text), second.Verdicts.Select(v => v.Text));
        return first;
    }
}
