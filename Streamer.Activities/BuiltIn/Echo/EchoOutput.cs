using System.Text.Json;

namespace Streamer.Activities.BuiltIn.Echo;

/// <summary>What echo returns: the payload, the action and when it ran.</summary>
public sealed record EchoOutput(string Action, IReadOnlyDictionary<string, JsonElement> Echo, DateTimeOffset Timestamp);
