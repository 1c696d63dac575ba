namespace Streamer.Durable.TaskHub;

/// <summary>One control queue's lease.</summary>
/// <param name="Index">The control queue's index (<c>{hub}-control-NN</c>).</param>
/// <param name="Owner">The worker id holding it, or null when nobody does.</param>
/// <param name="ExpiresAt">When the lease lapses unless it is renewed.</param>
public sealed record PartitionLease(int Index, string? Owner, DateTimeOffset? ExpiresAt);
