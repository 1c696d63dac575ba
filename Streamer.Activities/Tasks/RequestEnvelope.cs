using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>A request as the orchestration carries it: who asked for what, with which payload, and when it was accepted.</summary>
public sealed record RequestEnvelope(string RequestId, string Action, string TenantId, string UserId, JsonElement Payload, DateTimeOffset? AcceptedAt = null)
{
    /// <summary>The request as handlers see it.</summary>
    public ActionRequest ToActionRequest() => new(RequestId, Action, new RequestOwner(TenantId, UserId));
}
