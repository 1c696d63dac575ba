namespace Streamer.Host.Tests.Infrastructure;

/// <summary>The output of <see cref="GatedTestAction"/>: how many chunks finished.</summary>
public sealed record GatedTestOutput(int ChunksFinished);
