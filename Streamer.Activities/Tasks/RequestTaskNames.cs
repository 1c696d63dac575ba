namespace Streamer.Activities.Tasks;

/// <summary>The names of the activities the generic request orchestrator calls; they are also the Functions app's function names, so letters only.</summary>
public static class RequestTaskNames
{
    /// <summary>Splits a request's work into chunks (<see cref="PlanChunksActivity"/>).</summary>
    public const string PlanChunks = "StreamerPlanChunks";

    /// <summary>Loads one stored segment of the plan (<see cref="LoadChunksActivity"/>).</summary>
    public const string LoadChunks = "StreamerLoadChunks";

    /// <summary>Processes one chunk (<see cref="RunChunkActivity"/>).</summary>
    public const string RunChunk = "StreamerRunChunk";

    /// <summary>Stores a finished segment's result refs (<see cref="SaveResultsActivity"/>).</summary>
    public const string SaveResults = "StreamerSaveResults";

    /// <summary>Combines chunk results into the output (<see cref="FinalizeRequestActivity"/>).</summary>
    public const string FinalizeRequest = "StreamerFinalizeRequest";

    /// <summary>Tells the owner that the request completed or failed (<see cref="NotifyOutcomeActivity"/>).</summary>
    public const string NotifyOutcome = "StreamerNotifyOutcome";
}
