namespace Streamer.Activities.Tasks;

/// <summary>The names of the activities the generic request orchestrator calls; they are also the Functions app's function names, so letters only.</summary>
public static class RequestTaskNames
{
    /// <summary>Splits a request's work into chunks (<see cref="PlanChunksActivity"/>).</summary>
    public const string PlanChunks = "StreamerPlanChunks";

    /// <summary>Processes one chunk (<see cref="RunChunkActivity"/>).</summary>
    public const string RunChunk = "StreamerRunChunk";

    /// <summary>Combines chunk results into the output (<see cref="FinalizeRequestActivity"/>).</summary>
    public const string FinalizeRequest = "StreamerFinalizeRequest";

    /// <summary>Tells the owner that the request completed or failed (<see cref="NotifyOutcomeActivity"/>).</summary>
    public const string NotifyOutcome = "StreamerNotifyOutcome";
}
