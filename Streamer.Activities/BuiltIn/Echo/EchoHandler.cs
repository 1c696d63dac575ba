using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.Echo;

/// <summary><c>echo</c>: returns the payload with the action and a timestamp, synchronously.</summary>
public sealed class EchoHandler(TimeProvider time) : ActionHandler<EchoPayload, int, int, EchoOutput>
{
    private static readonly JsonElement ExamplePayload = JsonElement.Parse("""{ "hello": "world" }""");

    /// <inheritdoc />
    public override string Name => "echo";

    /// <inheritdoc />
    public override JsonElement? Example => ExamplePayload;

    /// <inheritdoc />
    protected override TimeSpan EstimateDuration(EchoPayload payload) => TimeSpan.Zero;

    /// <inheritdoc />
    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, EchoPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([0]);

    /// <inheritdoc />
    protected override Task<int> ProcessChunkAsync(EchoPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
        => Task.FromResult(chunk);

    /// <inheritdoc />
    protected override Task<EchoOutput> FinalizeAsync(ActionRequest request, EchoPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => Task.FromResult(new EchoOutput(request.Action, payload.Fields, time.GetUtcNow()));
}
