namespace Streamer.Api.Requests;

/// <summary>The absolute URLs handed to clients, built from the URL the client used to reach the host.</summary>
internal sealed class RequestUris(Uri baseUri, string taskHub)
{
    public Uri Status(string requestId) => new(baseUri, $"api/requests/{Uri.EscapeDataString(requestId)}");

    public Uri Cancel(string requestId) => new(baseUri, $"api/requests/{Uri.EscapeDataString(requestId)}/cancel");

    public Uri Negotiate => new(baseUri, "api/negotiate");

    /// <summary>A management API URL (<c>/runtime/webhooks/durabletask/instances/{id}/…</c>), without the system key.</summary>
    public Uri Management(string instanceId, string operation = "")
        => new(baseUri, $"runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}{operation}?taskHub={Uri.EscapeDataString(taskHub)}&connection=Storage");

    /// <summary>Where this host's SignalR hub is, for the negotiate answer.</summary>
    public Uri Hub => new(baseUri, Realtime.RealtimePaths.Hub.TrimStart('/'));

    /// <summary>The URLs as seen from <paramref name="request"/>, for the task hub this host serves.</summary>
    public static RequestUris For(HttpRequest request)
        => new(
            new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/"),
            request.HttpContext.RequestServices.GetRequiredService<Hosting.StreamerStorage>().TaskHubName);
}
