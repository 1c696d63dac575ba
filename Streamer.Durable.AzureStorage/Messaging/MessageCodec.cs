using System.Text.Json;
using Streamer.Durable.AzureStorage.Payloads;
using Streamer.Durable.Backends;

namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>Encodes task messages as queue message bodies, moving large ones to blobs.</summary>
internal sealed class MessageCodec(PayloadStore payloads)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> EncodeAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(message, Json);
        if (json.Length <= PayloadStore.MaxInlineChars)
        {
            return json;
        }

        var blob = await payloads.StoreAsync(message.Target.InstanceId, json, cancellationToken);
        return JsonSerializer.Serialize(new Envelope(blob), Json);
    }

    public async Task<TaskMessage> DecodeAsync(string body, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.TryGetProperty("blob", out var blob))
        {
            body = await payloads.LoadAsync(blob.GetString()!, cancellationToken);
        }

        return JsonSerializer.Deserialize<TaskMessage>(body, Json)
            ?? throw new JsonException("The queue message is empty.");
    }

    private sealed record Envelope(string Blob);
}
