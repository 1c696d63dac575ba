namespace Streamer.Durable.Backends;

/// <summary>
/// A backend whose storage (tables, queues, containers) must exist before it is used.
/// <c>AddDurableTask</c> provisions it when the host starts, before the worker polls.
/// </summary>
public interface IProvisionedBackend
{
    /// <summary>Creates whatever storage is missing; safe to call from many hosts at once.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);
}
