using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Progress;

/// <summary>
/// Records how a request ended before its owner is told, so that a status read made right after the <c>completed</c>
/// or <c>failed</c> message answers with that outcome (the orchestration itself only becomes terminal a moment later).
/// </summary>
public interface IOutcomeStore
{
    /// <summary>Records the output (when <paramref name="error"/> is null) or the error of a request that has ended.</summary>
    Task RecordOutcomeAsync(ActionRequest request, JsonElement? output, RequestError? error, CancellationToken cancellationToken);
}
