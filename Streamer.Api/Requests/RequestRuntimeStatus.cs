namespace Streamer.Api.Requests;

/// <summary>
/// A request's <c>runtimeStatus</c>: Durable's orchestration statuses plus <see cref="Canceled"/>, the outcome of a
/// cooperative cancel (the orchestration fails with <c>RequestCanceledException</c>, which is reported as this).
/// </summary>
public enum RequestRuntimeStatus
{
    /// <summary>Accepted; the orchestration has not started yet.</summary>
    Pending,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Stopped by <c>POST /api/requests/{id}/cancel</c> at a chunk boundary.</summary>
    Canceled,

    /// <summary>Stopped by an operator through the management API.</summary>
    Terminated,

    /// <summary>Paused through the management API.</summary>
    Suspended,
}
