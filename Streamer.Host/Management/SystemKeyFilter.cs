using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Streamer.Api.Errors;

namespace Streamer.Host.Management;

/// <summary>
/// Authorizes management calls the way the Functions host authorizes its extension webhooks: a system key in
/// the <c>code</c> query parameter or the <c>x-functions-key</c> header. Durable clients and tools only know
/// this scheme, which is why the API does not use the JWTs of <c>/api</c>.
/// </summary>
internal sealed class SystemKeyFilter(IOptionsMonitor<ManagementOptions> options) : IEndpointFilter
{
    /// <summary>The query parameter that carries the key.</summary>
    public const string QueryParameter = "code";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "x-functions-key";

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

        var request = context.HttpContext.Request;
        var presented = FirstNonEmpty(request.Headers[HeaderName]) ?? FirstNonEmpty(request.Query[QueryParameter]);
        if (presented is null)
        {
            return Unauthorized($"Pass the system key as the '{QueryParameter}' query parameter or the '{HeaderName}' header.");
        }

        return Matches(presented, configured)
            ? await next(context)
            : Unauthorized("The system key is not valid.");
    }

    /// <summary>
    /// Compares hashes in constant time: comparing the keys themselves would reveal, through timing, how long
    /// the configured key is and how much of a guess is right.
    /// </summary>
    private static bool Matches(string presented, string configured)
        => CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    private static string? FirstNonEmpty(Microsoft.Extensions.Primitives.StringValues values)
        => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static IResult Unauthorized(string detail)
        => Problems.Create(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "A system key is required.", detail);
}
