using Azure.Core;

namespace Streamer.Api.Storage;

/// <summary>
/// Bounds for the API's storage calls, made while an HTTP caller waits: two quick retries and a 10 s network timeout per
/// try instead of the Azure SDK's three retries with 100 s each, so an outage answers 503 in seconds. The same bounds as
/// <c>Streamer.Durable</c>'s client-side calls (its own copy: the Functions app, which uses this library, has no DTFx).
/// </summary>
internal static class RequestPathStorageOptions
{
    public static TOptions Apply<TOptions>(TOptions options)
        where TOptions : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
