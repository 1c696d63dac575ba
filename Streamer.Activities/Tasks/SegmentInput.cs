namespace Streamer.Activities.Tasks;

/// <summary>The input of <see cref="RequestTaskNames.LoadChunks"/>: which segment of the request's plan to load.</summary>
public sealed record SegmentInput(RequestEnvelope Request, int Segment);
