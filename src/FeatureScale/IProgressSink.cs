namespace FeatureScale;

/// <summary>Receives progress of long work: fraction done in [0, 1] and a short status (e.g. the running A_f).</summary>
public interface IProgressSink
{
    /// <summary>Reports progress; may be called from any thread, should be cheap.</summary>
    void Report(double fraction, string status);
}
