using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Client;

/// <summary>How a <see cref="StreamerClient"/> reaches the API.</summary>
public sealed class StreamerClientOptions
{
    /// <summary>The host's base address, e.g. <c>http://localhost:7071/</c> (the API is under <c>api/</c>).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Returns the bearer token to send; null sends none. It is called for every call and every hub (re)connect, so it
    /// should return a token that is still valid, renewing it as it nears expiry (as MSAL's <c>AcquireTokenSilent</c> does):
    /// the hub closes a connection when the token it was opened with expires, and the client then reconnects with the
    /// token this returns and catches up on what it missed.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }

    /// <summary>How often a request's status is polled while live progress is not available; 1 s by default.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often it is polled while the hub is connected, as a safety net for a lost message; 10 s by default.</summary>
    public TimeSpan ConnectedPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether to receive progress over SignalR at all (true by default); false polls only.</summary>
    public bool UseRealtime { get; set; } = true;

    /// <summary>
    /// How payloads are written and outputs read: by default as the handler SDK writes them (snake_case names, enums
    /// as snake_case strings, names read case-insensitively), so <c>new { DocumentsPerChunk = 2 }</c> arrives as
    /// <c>documents_per_chunk</c>. A <see cref="JsonElement"/> payload is sent as it is.
    /// </summary>
    public JsonSerializerOptions PayloadJson { get; set; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
