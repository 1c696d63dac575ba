using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>Drives a handler the way the orchestrator does (validate, plan, every chunk, finalize), optionally running chunks more than once as a retry would.</summary>
internal static class HandlerRun
{
    public static async Task<JsonElement> RunAsync(IActionHandler handler, ActionRequest request, object payload, int attemptsPerChunk = 1, RecordingReporter? progress = null, int finalizeAttempts = 1)
    {
        var json = payload as JsonElement? ?? JsonSerializer.SerializeToElement(payload);
        Assert.Empty(handler.Validate(json));

        // One payload object for the whole run, as a host's payload cache hands every chunk the same one.
        var shared = new RequestPayload(json);
        var chunks = await handler.PlanAsync(request, shared, CancellationToken.None);
        var results = new List<JsonElement>();
        for (var i = 0; i < chunks.Count; i++)
        {
            JsonElement result = default;
            for (var attempt = 0; attempt < attemptsPerChunk; attempt++)
            {
                result = await handler.ProcessChunkAsync(shared, chunks[i], new ChunkContext(request, i, chunks.Count, progress ?? new RecordingReporter()), CancellationToken.None);
            }

            results.Add(result);
        }

        var output = await handler.FinalizeAsync(request, shared, results.ToAsyncEnumerable(), CancellationToken.None);
        for (var attempt = 1; attempt < finalizeAttempts; attempt++)
        {
            output = await handler.FinalizeAsync(request, shared, results.ToAsyncEnumerable(), CancellationToken.None);
        }

        return output;
    }

    public static ActionRequest NewRequest(string action, RequestOwner owner) => new(Guid.NewGuid().ToString("N"), action, owner);

    public static RequestOwner NewOwner() => new("tenant-t", "user-" + Guid.NewGuid().ToString("N")[..8]);
}
