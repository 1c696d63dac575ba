namespace Streamer.Host.Tests.Infrastructure;

/// <summary>What a <see cref="GatedTestAction"/> chunk did.</summary>
public enum GatedChunkEvent
{
    /// <summary>The chunk began and is waiting at its gate.</summary>
    Started,

    /// <summary>The gate opened and the chunk returned.</summary>
    Finished,

    /// <summary>The chunk's cancellation token fired while it waited.</summary>
    Canceled,
}
