namespace Streamer.Activities.Tasks;

/// <summary>The request orchestration's input: the request, and where its previous execution stopped (null when it starts).</summary>
public sealed record RequestRun(RequestEnvelope Request, RequestCursor? Cursor = null);
