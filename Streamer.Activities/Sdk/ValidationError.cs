namespace Streamer.Activities.Sdk;

/// <summary>One problem with a payload, naming the field and the rule it breaks.</summary>
/// <param name="Field">The JSON path of the field, e.g. <c>payload.date_range.end</c>.</param>
/// <param name="Message">What is wrong and what is allowed, e.g. "must be at most 366 days after start; got 540".</param>
public sealed record ValidationError(string Field, string Message);
