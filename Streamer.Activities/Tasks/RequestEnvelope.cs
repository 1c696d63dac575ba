using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>
/// A request as the orchestration carries it: who asked for what, when it was accepted, and the key of its payload, which
/// is stored once (<see cref="RequestData.RequestPayloads"/>) rather than carried in every step's input (docs/cost.md).
/// </summary>
public sealed record RequestEnvelope(string RequestId, string Action, string TenantId, string UserId, string PayloadKey, DateTimeOffset? AcceptedAt = null)
{
    /// <summary>The request as handlers see it.</summary>
    public ActionRequest ToActionRequest() => new(RequestId, Action, new RequestOwner(TenantId, UserId));
}
