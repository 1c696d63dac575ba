using System.Text.Json.Serialization;
using Streamer.Durable.Serialization;

namespace Streamer.Durable;

/// <summary>The stored state of an orchestration instance, as a client sees it.</summary>
public sealed record OrchestrationMetadata
{
    /// <summary>The orchestrator name.</summary>
    public required string Name { get; init; }

    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The current execution (generation) id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The runtime status.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was scheduled.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the instance's state last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The serialized input, when requested.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The serialized output (the terminate reason when terminated), when requested.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The serialized custom status; always included, as in Durable Functions' status API.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed, when it did.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>The parent instance id for a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The converter used by the <c>Read…As</c> helpers.</summary>
    [JsonIgnore]
    public DataConverter DataConverter { get; init; } = JsonDataConverter.Default;

    /// <summary>True when the instance is not Pending, Running or Suspended.</summary>
    [JsonIgnore]
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    /// <summary>Reads the input as <typeparamref name="T"/>.</summary>
    public T? ReadInputAs<T>() => DataConverter.Deserialize<T>(SerializedInput);

    /// <summary>Reads the output as <typeparamref name="T"/>.</summary>
    public T? ReadOutputAs<T>() => DataConverter.Deserialize<T>(SerializedOutput);

    /// <summary>Reads the custom status as <typeparamref name="T"/>.</summary>
    public T? ReadCustomStatusAs<T>() => DataConverter.Deserialize<T>(SerializedCustomStatus);
}
