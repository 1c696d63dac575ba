namespace Streamer.Durable;

/// <summary>What an activity knows about the call it is serving.</summary>
/// <param name="Name">The activity name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="TaskId">The sequence number it was scheduled with; with <paramref name="InstanceId"/> it is a stable idempotency key.</param>
/// <param name="CancellationToken">Signalled when the worker shuts down; the activity is then retried elsewhere.</param>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId, CancellationToken CancellationToken);
