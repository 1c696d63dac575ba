namespace Streamer.Durable.FaultHost;

/// <summary>An activity a host locked (to run it), from an episode log.</summary>
public sealed record ActivityLock(string HostId, string InstanceId, int TaskId, long Timestamp);
