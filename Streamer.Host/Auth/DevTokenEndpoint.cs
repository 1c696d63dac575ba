using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Streamer.Activities.Sdk;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Requests;

namespace Streamer.Host.Auth;

/// <summary>
/// <c>POST /api/dev/token</c>: signs a local token, as the <c>token</c> command does, so the dashboard can sign in as a
/// development user. Anyone who can reach it can act as anyone, so it is mapped only in the Development environment,
/// and only a same-origin <c>application/json</c> call gets an answer (see <see cref="SameOriginJson"/>).
/// </summary>
internal static class DevTokenEndpoint
{
    public const string Route = "/api/dev/token";

    public static IEndpointRouteBuilder MapDevTokenEndpoint(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            app.MapPost(Route, IssueAsync).AllowAnonymous();
        }

        return app;
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, DevTokenIssuer issuer, IOptions<StreamerAuthOptions> options, CancellationToken cancellationToken)
    {
        if (SameOriginJson.Check(request) is { } refused)
        {
            return Problems.From(refused);
        }

        if (options.Value.Authority is { Length: > 0 } authority)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable, "Local tokens are not accepted.",
                $"This host checks tokens against '{authority}'; sign in there instead.");
        }

        var (body, error) = await JsonBody.ReadAsync(request.Body, cancellationToken);
        if (body is not { } json)
        {
            return Problems.Validation([error ?? new ValidationError("body", "is required: a JSON object")]);
        }

        if (DevTokenRequest.Parse(json, out var errors) is not { } parsed)
        {
            return Problems.Validation(errors);
        }

        string token;
        try
        {
            token = issuer.Issue(parsed.Tenant, parsed.User, parsed.Permissions);
        }
        catch (InvalidOperationException ex)
        {
            // A missing or short signing key.
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable, "No local signing key.", ex.Message);
        }

        return TypedResults.Ok(new DevTokenResponse(token, new JsonWebToken(token).ValidTo));
    }
}
