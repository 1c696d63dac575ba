using Streamer.Activities.Progress;

namespace Streamer.Api.Requests;

/// <summary>A request's progress row: its latest progress and, once it ended, its outcome.</summary>
internal sealed record StoredProgress(RequestProgress Progress, RequestOutcomeRecord? Outcome);
