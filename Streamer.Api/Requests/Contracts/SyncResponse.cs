using System.Text.Json;

namespace Streamer.Api.Requests.Contracts;

/// <summary>The 200 answer to a synchronous action.</summary>
public sealed record SyncResponse(string RequestId, string Action, bool Success, JsonElement Data, bool ProcessedSync);
