using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.Echo;

/// <summary>
/// <c>echo_async</c>: the smallest asynchronous action. Echoes the payload in four chunks (steps), each
/// reporting progress, so a client sees the whole flow: 202, progress, completed.
/// </summary>
public sealed class EchoAsyncHandler(TimeProvider time) : ActionHandler<EchoPayload, int, int, EchoOutput>
{
    private static readonly JsonElement ExamplePayload = JsonElement.Parse("""{ "hello": "world" }""");

    /// <summary>How long each step lasts, so progress is visible.</summary>
    public static TimeSpan StepDuration { get; } = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public override string Name => "echo_async";

    /// <inheritdoc />
    public override JsonElement? Example => ExamplePayload;

    /// <inheritdoc />
    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, EchoPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([1, 2, 3, 4]);

    /// <inheritdoc />
    protected override async Task<int> ProcessChunkAsync(EchoPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Progress.Report(0, $"Step {chunk} of 4", stage: $"step-{chunk}");
        await Task.Delay(StepDuration, time, cancellationToken);
        return chunk;
    }

    /// <inheritdoc />
    protected override Task<EchoOutput> FinalizeAsync(ActionRequest request, EchoPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => Task.FromResult(new EchoOutput(request.Action, payload.Fields, time.GetUtcNow()));
}
