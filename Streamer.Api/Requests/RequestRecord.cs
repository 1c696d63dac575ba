namespace Streamer.Api.Requests;

/// <summary>What the request index keeps for an asynchronous request.</summary>
/// <param name="RequestId">The client's id, or a generated one.</param>
/// <param name="Action">The action name.</param>
/// <param name="InstanceId">The orchestration instance running it.</param>
/// <param name="BodyHash">A hash of the action and payload, to tell a retry from a conflicting reuse of the id.</param>
/// <param name="TenantId">The owner's tenant.</param>
/// <param name="UserId">The owner.</param>
/// <param name="CreatedAt">When the request was accepted.</param>
/// <param name="CancelRequested">Whether the owner asked to cancel it.</param>
internal sealed record RequestRecord(
    string RequestId,
    string Action,
    string InstanceId,
    string BodyHash,
    string TenantId,
    string UserId,
    DateTimeOffset CreatedAt,
    bool CancelRequested = false);
