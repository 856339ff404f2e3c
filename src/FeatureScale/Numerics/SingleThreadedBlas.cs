namespace FeatureScale.Numerics;

/// <summary>
/// A scope in which the BLAS provider runs single-threaded (<see cref="LinearAlgebra.SingleThreaded"/>). Scopes
/// are counted across the process: the first one sets one thread and remembers the previous count, the last one to
/// end restores it. So concurrent runs in one process (a library user's, or parallel tests) never hand each other a
/// multi-threaded BLAS halfway through, whose different summation order would change their numbers.
/// </summary>
public sealed class SingleThreadedBlas : IDisposable
{
    private static readonly Lock Gate = new();
    private static int _open;
    private static int _previous;
    private bool _disposed;

    internal SingleThreadedBlas()
    {
        lock (Gate)
        {
            if (_open++ == 0)
            {
                _previous = LinearAlgebra.Provider.Threads;
                LinearAlgebra.Provider.SetThreads(1);
            }
        }
    }

    /// <summary>Scopes open now (for tests).</summary>
    internal static int Open { get { lock (Gate) return _open; } }

    /// <summary>Ends the scope; the last one restores the thread count found by the first.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (--_open == 0) LinearAlgebra.Provider.SetThreads(_previous);
        }
    }
}
