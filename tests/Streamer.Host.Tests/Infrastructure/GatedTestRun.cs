using System.Collections.Concurrent;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>What one request's gated chunks did, and the gates that hold them.</summary>
public sealed class GatedTestRun
{
    private readonly ConcurrentQueue<(int Chunk, GatedChunkEvent Event)> _events = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<(int Chunk, GatedChunkEvent Event), TaskCompletionSource> _signals = new();

    /// <summary>Everything recorded so far, in order.</summary>
    public IReadOnlyList<(int Chunk, GatedChunkEvent Event)> Events => [.. _events];

    /// <summary>The chunks that started, in order.</summary>
    public IReadOnlyList<int> StartedChunks => [.. _events.Where(e => e.Event == GatedChunkEvent.Started).Select(e => e.Chunk)];

    /// <summary>Records that <paramref name="chunk"/> did <paramref name="event"/>.</summary>
    public void Record(int chunk, GatedChunkEvent @event)
    {
        _events.Enqueue((chunk, @event));
        Signal(chunk, @event).TrySetResult();
    }

    /// <summary>Completes when <paramref name="chunk"/> has done <paramref name="event"/>.</summary>
    public Task WhenAsync(int chunk, GatedChunkEvent @event, CancellationToken cancellationToken)
        => Signal(chunk, @event).Task.WaitAsync(cancellationToken);

    /// <summary>The gate <paramref name="chunk"/> waits on.</summary>
    public Task Gate(int chunk) => GateSource(chunk).Task;

    /// <summary>Lets <paramref name="chunk"/> finish.</summary>
    public void Release(int chunk) => GateSource(chunk).TrySetResult();

    private TaskCompletionSource GateSource(int chunk) => _gates.GetOrAdd(chunk, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Signal(int chunk, GatedChunkEvent @event)
        => _signals.GetOrAdd((chunk, @event), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
