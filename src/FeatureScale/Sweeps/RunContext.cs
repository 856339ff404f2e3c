using System.Text.Json.Nodes;

namespace FeatureScale.Sweeps;

/// <summary>What an executor gets for one run.</summary>
/// <param name="Config">The run's full config (a private copy).</param>
/// <param name="Directory">A private staging folder for extra output files (CSV, histograms); it becomes the run's
/// folder when the run finishes, and is discarded if the run is interrupted.</param>
/// <param name="Progress">Progress of this run, fraction in [0, 1].</param>
/// <param name="Cancel">Set when the sweep is asked to stop.</param>
public sealed record RunContext(JsonObject Config, string Directory, IProgressSink Progress, CancellationToken Cancel = default);
