using System.Text.Json;

namespace Streamer.Api.Requests.Contracts;

/// <summary>A parsed, well-formed <c>POST /api/requests</c> body (the payload is not validated yet).</summary>
public sealed record StartCommand(string? Id, string Action, JsonElement Payload);
