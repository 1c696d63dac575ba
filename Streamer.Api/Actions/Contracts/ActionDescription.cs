using System.Text.Json;

namespace Streamer.Api.Actions.Contracts;

/// <summary>One action the caller may start, as <c>GET /api/actions</c> lists it.</summary>
/// <param name="Name">The name to send as <c>action</c>.</param>
/// <param name="RunsAsync">
/// Whether <paramref name="Example"/> would run as a durable request (202) rather than inline (200); the host decides per
/// payload, so another payload may go the other way. Null when the action offers no example to judge by.
/// </param>
/// <param name="Example">A payload the action accepts, or null when it offers none.</param>
public sealed record ActionDescription(string Name, bool? RunsAsync, JsonElement? Example);
