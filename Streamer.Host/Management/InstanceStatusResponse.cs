using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Client;

namespace Streamer.Host.Management;

/// <summary>
/// An instance's status in Durable Functions' shape, field for field, so tools written against the Durable
/// webhook API read it unchanged. Times are whole seconds in UTC (<c>2024-05-01T10:00:00Z</c>), as Durable writes them.
/// </summary>
internal sealed record InstanceStatusResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("runtimeStatus")] string RuntimeStatus,
    [property: JsonPropertyName("input")] JsonNode? Input,
    [property: JsonPropertyName("customStatus")] JsonNode? CustomStatus,
    [property: JsonPropertyName("output")] JsonNode? Output,
    [property: JsonPropertyName("createdTime")] string CreatedTime,
    [property: JsonPropertyName("lastUpdatedTime")] string LastUpdatedTime,
    [property: JsonPropertyName("historyEvents"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonArray? HistoryEvents)
{
    public static InstanceStatusResponse From(OrchestrationMetadata instance, bool showInput, JsonArray? history) => new(
        instance.Name,
        instance.InstanceId,
        instance.RuntimeStatus.ToString(),
        showInput ? ManagementJson.Parse(instance.SerializedInput) : null,
        ManagementJson.Parse(instance.SerializedCustomStatus),
        OutputOf(instance),
        Time(instance.CreatedAt),
        Time(instance.LastUpdatedAt),
        history);

    private static JsonNode? OutputOf(OrchestrationMetadata instance)
    {
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && instance.SerializedOutput is null && instance.FailureDetails is { } failure)
        {
            // Durable reports a failed orchestration's error message as its output; the stack trace stays in the server log.
            return JsonValue.Create($"Orchestrator function '{instance.Name}' failed: {failure.ErrorMessage}");
        }

        return ManagementJson.Parse(instance.SerializedOutput);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
