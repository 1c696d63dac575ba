using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.RequestData;

/// <summary>
/// The claim check for request payloads: the starter stores a request's payload once, and its orchestration carries only
/// the key. Hosts read it through a cache bounded by <see cref="RequestDataOptions.PayloadCacheBytes"/>, so a request's
/// chunks read and parse it once per host, not once per chunk (docs/cost.md).
/// </summary>
public sealed class RequestPayloads : IDisposable
{
    // Parsed JSON and the handler's typed copy live beside the bytes' worth of text they came from.
    private const int MemoryPerByte = 3;

    private readonly IRequestDataStore _store;
    private readonly TimeSpan _idle;
    private readonly MemoryCache _cache;

    /// <summary>Reads and writes payloads in <paramref name="store"/>.</summary>
    public RequestPayloads(IRequestDataStore store, IOptions<RequestDataOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _idle = options.Value.PayloadCacheIdleTime;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.PayloadCacheBytes) });
    }

    /// <summary>
    /// Stores the payload of the request run by <paramref name="instanceId"/> under <paramref name="key"/> (a hash of the
    /// payload: a request id reused after a purge names another blob, so no host's cache can hand out the old payload).
    /// </summary>
    public Task WriteAsync(string instanceId, string key, JsonElement payload, CancellationToken cancellationToken)
        => _store.WriteAsync(instanceId, Name(key), BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(payload)), cancellationToken);

    /// <summary>The payload stored by <see cref="WriteAsync"/>, from the cache when this host read it before.</summary>
    /// <exception cref="InvalidOperationException">It is not in storage (the request was purged while it ran).</exception>
    public async Task<RequestPayload> ReadAsync(string instanceId, string key, CancellationToken cancellationToken)
    {
        var cacheKey = instanceId + "/" + key;
        if (_cache.TryGetValue(cacheKey, out RequestPayload? cached))
        {
            return cached!;
        }

        // Chunks starting together on a host may each read once here; after that they share the cached payload.
        var content = await _store.ReadAsync(instanceId, Name(key), cancellationToken)
            ?? throw new InvalidOperationException($"The payload of instance '{instanceId}' is not in storage; was the request purged while it ran?");
        var bytes = content.ToMemory();
        var payload = new RequestPayload(JsonSerializer.Deserialize<JsonElement>(bytes.Span));
        return _cache.Set(cacheKey, payload, new MemoryCacheEntryOptions { Size = bytes.Length * MemoryPerByte, SlidingExpiration = _idle });
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();

    private static string Name(string key) => $"payload-{key}.json";
}
