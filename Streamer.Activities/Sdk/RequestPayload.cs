using System.Text.Json;

namespace Streamer.Activities.Sdk;

/// <summary>
/// A request's payload as a host holds it while the request runs: its JSON, read from storage once per host, and the
/// handler's typed view of it, made once. Every chunk of the request that runs on the host gets the same instance, so
/// a chunk costs the same whatever the payload's size (docs/cost.md).
/// </summary>
public sealed class RequestPayload
{
    private object? _typed;

    /// <summary>Wraps <paramref name="json"/>.</summary>
    public RequestPayload(JsonElement json) => Json = json;

    /// <summary>The payload as the client sent it.</summary>
    public JsonElement Json { get; }

    /// <summary>
    /// The typed payload <paramref name="read"/> makes from <see cref="Json"/>, made on first use and then shared: chunks that
    /// run at the same time see the same object, so handlers must not change it.
    /// </summary>
    public T As<T>(Func<JsonElement, T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        if (Volatile.Read(ref _typed) is T typed)
        {
            return typed;
        }

        // Two chunks racing here both read; the first stored wins, so every caller sees one object.
        return (T)(Interlocked.CompareExchange(ref _typed, read(Json), null) ?? _typed!);
    }
}
