using System.Text.Json.Serialization;

namespace Streamer.Host.Management;

/// <summary>The answer to a purge, as Durable Functions writes it.</summary>
internal sealed record PurgeHistoryResponse([property: JsonPropertyName("instancesDeleted")] int InstancesDeleted);
