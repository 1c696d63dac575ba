namespace Streamer.Durable;

/// <summary>The outcome of a purge.</summary>
/// <param name="PurgedInstanceCount">How many instances (with their history) were deleted.</param>
public sealed record PurgeResult(int PurgedInstanceCount);
