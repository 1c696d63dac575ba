using Microsoft.Extensions.Options;
using Streamer.Api.Auth;
using Streamer.Api.Errors;

namespace Streamer.Host.Management;

/// <summary>
/// Authorizes management calls the way the Functions host authorizes its extension webhooks: a system key in
/// the <c>code</c> query parameter or the <c>x-functions-key</c> header (<see cref="SystemKeys"/>). Durable clients and
/// tools only know this scheme, which is why the API does not use the JWTs of <c>/api</c>.
/// </summary>
internal sealed class SystemKeyFilter(IOptionsMonitor<ManagementOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        // Without a configured key nobody can be authorized, and an open API would let anyone terminate or purge
        // every instance. Answering 404 rather than 401 presents the API as absent instead of inviting callers to
        // guess a key that does not exist, as the Functions host does for routes it does not serve.
        var configured = options.CurrentValue.SystemKey;
        if (string.IsNullOrEmpty(configured))
        {
            return Problems.NotFound(
                $"The management API is disabled: set '{ManagementOptions.Section}:SystemKey' (local.settings.json: \"Streamer__Management__SystemKey\") to enable it.");
        }

        if (SystemKeys.Presented(context.HttpContext.Request) is not { } presented)
        {
            return Unauthorized($"Pass the system key as the '{SystemKeys.QueryParameter}' query parameter or the '{SystemKeys.HeaderName}' header.");
        }

        return SystemKeys.Matches(presented, configured)
            ? await next(context)
            : Unauthorized("The system key is not valid.");
    }

    private static IResult Unauthorized(string detail)
        => Problems.Create(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "A system key is required.", detail);
}
