namespace Streamer.Durable.Worker;

/// <summary>Whether this host's task hub worker is running, for readiness checks.</summary>
public sealed class TaskHubWorkerState
{
    private volatile Exception? _lastStartFailure;
    private volatile bool _running;

    /// <summary>True once the worker has started and until it stops.</summary>
    public bool IsRunning => _running;

    /// <summary>Why the last attempt to start failed (storage unreachable, say), while the worker keeps retrying.</summary>
    public Exception? LastStartFailure => _lastStartFailure;

    internal void Started()
    {
        _lastStartFailure = null;
        _running = true;
    }

    internal void StartFailed(Exception exception) => _lastStartFailure = exception;

    internal void Stopped() => _running = false;
}
