namespace Streamer.Durable.Testing.Tests;

/// <summary>A structured custom status.</summary>
public sealed record Progress(int Percent, string Stage);
