using System.Text.Json;
using Streamer.Activities.Progress;

namespace Streamer.Activities.Tasks;

/// <summary>The input of <see cref="RequestTaskNames.NotifyOutcome"/>: an output, or an error.</summary>
public sealed record RequestOutcome(RequestEnvelope Request, JsonElement? Output, RequestError? Error);
