namespace Streamer.Activities.Sdk;

/// <summary>The request a handler is working on.</summary>
/// <param name="RequestId">The client's request id (or a generated one).</param>
/// <param name="Action">The action name.</param>
/// <param name="Owner">The user the request belongs to.</param>
public sealed record ActionRequest(string RequestId, string Action, RequestOwner Owner);
