namespace Streamer.Api.Actions.Contracts;

/// <summary>The actions the caller may start, sorted by name.</summary>
public sealed record ActionListResponse(IReadOnlyList<ActionDescription> Items);
