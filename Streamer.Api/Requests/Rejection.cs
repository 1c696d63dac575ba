using Streamer.Activities.Sdk;
using Streamer.Api.Errors;

namespace Streamer.Api.Requests;

/// <summary>Why a start was refused; becomes a problem+json answer over HTTP and the same body over SignalR.</summary>
public sealed record Rejection(int Status, string Code, string Detail, IReadOnlyList<ValidationError>? Errors = null)
{
    /// <summary>For 429: when the caller may try again (sent as <c>Retry-After</c> and <c>retryAfterSeconds</c>).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A 400 <c>VALIDATION</c> rejection listing <paramref name="errors"/>.</summary>
    public static Rejection Invalid(IReadOnlyList<ValidationError> errors)
        => new(StatusCodes.Status400BadRequest, ProblemCodes.Validation, string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")), errors);

    /// <summary>A 400 <c>VALIDATION</c> rejection for one field.</summary>
    public static Rejection Invalid(string field, string message) => Invalid([new ValidationError(field, message)]);
}
