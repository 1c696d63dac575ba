using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Streamer.Client;

/// <summary>
/// A started request: its id, its progress as it happens and its outcome. Progress comes over SignalR while the hub is
/// connected and from status polls while it is not, so <see cref="WaitAsync(CancellationToken)"/> completes either way.
/// Dispose it to stop following the request (the request itself goes on).
/// </summary>
public sealed class StreamerRequest : IAsyncDisposable
{
    private readonly RequestWatch _watch;
    private readonly StreamerClient _client;
    private readonly CancellationTokenSource _following = new();
    private readonly Task _polling;
    private readonly JsonSerializerOptions _outputJson;

    internal StreamerRequest(StreamerClient client, string id, string action, RequestWatch watch, JsonSerializerOptions outputJson, Func<RequestWatch, CancellationToken, Task>? follow)
    {
        _client = client;
        _outputJson = outputJson;
        Id = id;
        Action = action;
        _watch = watch;
        _polling = follow is null ? Task.CompletedTask : follow(watch, _following.Token);
    }

    /// <summary>The request id (the idempotency key: starting again with it and the same body returns this request).</summary>
    public string Id { get; }

    /// <summary>The action it runs.</summary>
    public string Action { get; }

    /// <summary>
    /// Progress updates as they come, each sequence once and in order, ending when the request ends. Meant for one
    /// reader: two readers would share the updates between them.
    /// </summary>
    public async IAsyncEnumerable<RequestProgress> Progress([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _watch.Updates.ReadAllAsync(cancellationToken))
        {
            yield return update;
        }
    }

    /// <summary>Waits for the request to end and returns its output.</summary>
    /// <exception cref="StreamerRequestException">It failed, was canceled (<c>CANCELED</c>) or terminated, or is unknown.</exception>
    public Task<JsonElement> WaitAsync(CancellationToken cancellationToken = default) => _watch.Outcome.WaitAsync(cancellationToken);

    /// <summary>Waits for the request to end and returns its output as <typeparamref name="TOutput"/> (read with <see cref="StreamerClientOptions.PayloadJson"/>).</summary>
    /// <exception cref="StreamerRequestException">It failed, was canceled (<c>CANCELED</c>) or terminated, or is unknown.</exception>
    public async Task<TOutput?> WaitAsync<TOutput>(CancellationToken cancellationToken = default)
        => (await WaitAsync(cancellationToken)).Deserialize<TOutput>(_outputJson);

    /// <summary>Asks the request to stop at its next chunk boundary; it then ends <c>Canceled</c>.</summary>
    /// <exception cref="StreamerRequestException">It has already ended (<c>CONFLICT</c>).</exception>
    public Task<RequestStatus> CancelAsync(CancellationToken cancellationToken = default) => _client.CancelAsync(Id, cancellationToken);

    /// <summary>
    /// Asks the request to stop, as <see cref="CancelAsync"/>, within 10 s; false (instead of an exception) when it had
    /// already ended or the API could not be reached — for callers that stop caring either way (Ctrl+C, a cancelled wait).
    /// </summary>
    public async Task<bool> TryCancelAsync()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await CancelAsync(bounded.Token);
            return true;
        }
        catch (Exception ex) when (ex is StreamerRequestException or HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>Waits still pending end with <see cref="ObjectDisposedException"/>; the request itself goes on.</remarks>
    public async ValueTask DisposeAsync()
    {
        await _following.CancelAsync();
        try
        {
            await _polling;
        }
        catch (Exception)
        {
            // Following ends here either way; its failures have already reached the outcome.
        }

        _watch.Fail(new ObjectDisposedException(nameof(StreamerRequest), $"Request '{Id}' is no longer followed by this handle."));
        _client.Forget(_watch);
        _following.Dispose();
    }
}
