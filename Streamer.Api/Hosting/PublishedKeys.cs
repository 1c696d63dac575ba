using System.Text;
using Streamer.Api.Auth;

namespace Streamer.Api.Hosting;

/// <summary>
/// Keys that anyone can read in this repository (the example settings, the tests' fixtures), and the check that keeps
/// them out of a real deployment: outside Development a host refuses to start when its signing key or system key is one
/// of them, or is too short. A test scans the repository so that a key added to a sample is added here too.
/// </summary>
public static partial class PublishedKeys
{
    /// <summary>The shortest signing key accepted: HS256 wants at least 256 bits.</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>The shortest system key accepted (the Functions host's own keys are 56 characters).</summary>
    public const int MinSystemKeyLength = 32;

    /// <summary>Every key value published in this repository.</summary>
    public static IReadOnlySet<string> Values { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "local-development-only-signing-key-0123456789abcdef",
        "local-development-only-system-key",
        "functions-tests-signing-key-0123456789abcdef",
        "functions-tests-system-key-0123456789",
    };

    /// <summary>
    /// Why a host in <paramref name="environment"/> must not start with <paramref name="configuration"/>, naming the
    /// setting; null when it may. Development accepts any key, since that is what the published ones are for.
    /// </summary>
    public static string? Refusal(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return null;
        }

        var auth = configuration.GetSection(StreamerAuthOptions.Section).Get<StreamerAuthOptions>() ?? new StreamerAuthOptions();
        var signingKey = auth.SigningKey;
        if (!string.IsNullOrEmpty(signingKey) && Values.Contains(signingKey))
        {
            return Published("Streamer__Auth__SigningKey");
        }

        // Without an authority the signing key is what every token is checked with; with one, a signing key is unused.
        if (string.IsNullOrEmpty(auth.Authority) && Encoding.UTF8.GetByteCount(signingKey ?? string.Empty) < MinSigningKeyBytes)
        {
            return $"'Streamer__Auth__SigningKey' must be at least {MinSigningKeyBytes} bytes of random text (or set 'Streamer__Auth__Authority'); "
                + $"the {environment.EnvironmentName} environment does not start without it.";
        }

        var systemKey = configuration[$"{ManagementOptions.Section}:{nameof(ManagementOptions.SystemKey)}"];
        if (!string.IsNullOrEmpty(systemKey) && Values.Contains(systemKey))
        {
            return Published("Streamer__Management__SystemKey");
        }

        if (!string.IsNullOrEmpty(systemKey) && systemKey.Length < MinSystemKeyLength)
        {
            return $"'Streamer__Management__SystemKey' must be at least {MinSystemKeyLength} characters of random text, or left unset to disable the management API.";
        }

        return null;

        string Published(string setting)
            => $"'{setting}' is a key published in the Streamer repository, which anyone can use to sign in; set it to a random value of your own "
                + $"(e.g. `openssl rand -base64 48`). Only the Development environment accepts it.";
    }

    /// <summary>The one line a host writes when <see cref="Refusal"/> stops it.</summary>
    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Not starting: {Reason}")]
    public static partial void LogRefusal(ILogger logger, string reason);
}
