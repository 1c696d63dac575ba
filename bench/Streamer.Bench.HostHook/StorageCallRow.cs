namespace Streamer.Bench.HostHook;

/// <summary>Storage calls of one kind made while serving one kind of API request (<see cref="FlowStorageCounter"/>).</summary>
internal sealed record StorageCallRow(string Flow, int Port, string Method, long Count, double MeanMilliseconds, int Status);
