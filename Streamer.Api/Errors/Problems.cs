using Microsoft.AspNetCore.WebUtilities;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;

namespace Streamer.Api.Errors;

/// <summary>Builds <c>application/problem+json</c> results with a <c>code</c> (the trace id is added for every problem by <see cref="ProblemDetailsSetup"/>).</summary>
internal static class Problems
{
    public static IResult Create(int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                all[key] = value;
            }
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }

    public static IResult From(Rejection rejection)
    {
        var extensions = new Dictionary<string, object?>();
        if (rejection.Errors is not null)
        {
            extensions["errors"] = rejection.Errors.Select(e => new { field = e.Field, message = e.Message }).ToArray();
        }

        if (rejection.RetryAfterSeconds is { } seconds)
        {
            extensions["retryAfterSeconds"] = seconds;
        }

        return Create(rejection.Status, rejection.Code, ReasonPhrases.GetReasonPhrase(rejection.Status), rejection.Detail, extensions);
    }

    public static IResult Validation(string detail, IReadOnlyList<ValidationError>? errors = null)
        => Create(StatusCodes.Status400BadRequest, ProblemCodes.Validation, "The request is invalid.", detail,
            errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToArray() });

    public static IResult Validation(IReadOnlyList<ValidationError> errors)
        => Validation(string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")), errors);

    public static IResult NotFound(string detail)
        => Create(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found.", detail);

    public static IResult Conflict(string detail)
        => Create(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict.", detail);

    public static IResult Gone(string detail)
        => Create(StatusCodes.Status410Gone, ProblemCodes.Conflict, "The instance has already finished.", detail);

    public static IResult Forbidden(string detail)
        => Create(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden.", detail);

    public static IResult PayloadTooLarge(long limit)
        => Create(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "The request body is too large.", $"The body must be at most {limit:N0} bytes.");
}
