namespace Streamer.Durable.Tests.Conformance;

/// <summary>A structured custom status, as an application would report progress.</summary>
public sealed record ProgressStatus(int Step, string Label);
