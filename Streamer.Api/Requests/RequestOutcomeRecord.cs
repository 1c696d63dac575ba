using System.Text.Json;
using Streamer.Activities.Progress;

namespace Streamer.Api.Requests;

/// <summary>How a request ended, as recorded before its owner was told (see <see cref="IOutcomeStore"/>).</summary>
internal sealed record RequestOutcomeRecord(RequestRuntimeStatus Status, JsonElement? Output, RequestError? Error, DateTimeOffset EndedAt);
