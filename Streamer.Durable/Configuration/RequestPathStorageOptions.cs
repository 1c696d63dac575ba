using Azure.Core;

namespace Streamer.Durable.Configuration;

/// <summary>
/// Bounds for storage calls made while an HTTP caller waits (status reads, starts, the request index, readiness): two
/// quick retries and a 10 s network timeout per try, instead of the Azure SDK's default of three retries from 0.8 s
/// with a 100 s timeout each. Against a refused connection (storage down) a call then fails in about a second; against
/// an endpoint that never answers, in about half a minute. The worker's own clients keep the defaults: its loops retry
/// by themselves and lose nothing by waiting.
/// </summary>
public static class RequestPathStorageOptions
{
    /// <summary>Retries after the first try.</summary>
    public const int MaxRetries = 2;

    /// <summary>The first retry's delay; each next one doubles it (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between tries.</summary>
    public static TimeSpan MaxRetryDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one try may wait for the service to answer.</summary>
    public static TimeSpan NetworkTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Applies the bounds to <paramref name="options"/> and returns it.</summary>
    public static TOptions Apply<TOptions>(TOptions options)
        where TOptions : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
