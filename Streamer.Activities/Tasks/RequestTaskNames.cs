namespace Streamer.Activities.Tasks;

/// <summary>The names of the activities the generic request orchestrator calls.</summary>
public static class RequestTaskNames
{
    /// <summary>Splits a request's work into chunks (<see cref="PlanChunksActivity"/>).</summary>
    public const string PlanChunks = "Streamer.PlanChunks";

    /// <summary>Processes one chunk (<see cref="RunChunkActivity"/>).</summary>
    public const string RunChunk = "Streamer.RunChunk";

    /// <summary>Combines chunk results into the output (<see cref="FinalizeRequestActivity"/>).</summary>
    public const string FinalizeRequest = "Streamer.FinalizeRequest";

    /// <summary>Tells the owner that the request completed or failed (<see cref="NotifyOutcomeActivity"/>).</summary>
    public const string NotifyOutcome = "Streamer.NotifyOutcome";
}
