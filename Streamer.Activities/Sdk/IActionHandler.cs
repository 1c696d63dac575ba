using System.Text.Json;

namespace Streamer.Activities.Sdk;

/// <summary>
/// An action as the generic orchestrator and the HTTP starter see it: JSON in, JSON out. Derive from
/// <see cref="ActionHandler{TPayload, TChunk, TChunkResult, TOutput}"/> rather than implementing this directly.
/// </summary>
public interface IActionHandler
{
    /// <summary>The action name clients send, matching <c>[A-Za-z0-9._-]+</c>.</summary>
    string Name { get; }

    /// <summary>How chunks are run: sequentially or in bounded parallel, and how often a failed chunk is retried.</summary>
    ChunkExecution Execution { get; }

    /// <summary>
    /// A payload this action accepts, offered to people trying the action (a host lists it next to the action's name);
    /// null when the action offers none. It must pass <see cref="Validate"/>.
    /// </summary>
    JsonElement? Example => null;

    /// <summary>Checks a payload; an empty list means valid. Never throws for bad input.</summary>
    IReadOnlyList<ValidationError> Validate(JsonElement payload);

    /// <summary>
    /// How long the action will take for this (valid) payload. Under the sync threshold it runs inline and
    /// answers 200; otherwise it runs as a durable orchestration and answers 202.
    /// </summary>
    TimeSpan EstimateDuration(JsonElement payload);

    /// <summary>Splits the work into chunks; each becomes one activity.</summary>
    Task<IReadOnlyList<JsonElement>> PlanAsync(ActionRequest request, RequestPayload payload, CancellationToken cancellationToken);

    /// <summary>
    /// Does one chunk's work. May run more than once for the same chunk, so its effects must be idempotent. The
    /// <paramref name="payload"/> is shared by the request's chunks on this host.
    /// </summary>
    Task<JsonElement> ProcessChunkAsync(RequestPayload payload, JsonElement chunk, ChunkContext context, CancellationToken cancellationToken);

    /// <summary>Combines the chunk results, read one at a time in plan order, into the request's output.</summary>
    Task<JsonElement> FinalizeAsync(ActionRequest request, RequestPayload payload, IAsyncEnumerable<JsonElement> chunkResults, CancellationToken cancellationToken);
}
