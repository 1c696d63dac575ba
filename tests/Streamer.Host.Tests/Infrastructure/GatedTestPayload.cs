namespace Streamer.Host.Tests.Infrastructure;

/// <summary>The payload of <see cref="GatedTestAction"/>: <c>{ "chunks": 3, "fail_chunk": 1 }</c>.</summary>
/// <param name="Chunks">How many chunks to plan.</param>
/// <param name="FailChunk">A chunk that rejects the payload as soon as it starts (not retried), to fail the request.</param>
public sealed record GatedTestPayload(int Chunks, int? FailChunk = null);
