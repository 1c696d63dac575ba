namespace Streamer.Activities.Orchestration;

/// <summary>The custom status the request orchestrator sets after each chunk.</summary>
public sealed record RequestCustomStatus(double Percentage, string Message, int CompletedChunks, int TotalChunks);
