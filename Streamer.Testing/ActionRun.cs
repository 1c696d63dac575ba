using System.Text.Json;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;

namespace Streamer.Testing;

/// <summary>How one request ended in an <see cref="ActionTestHost"/>, and the progress its owner was sent.</summary>
/// <param name="RuntimeStatus">The orchestration's final status: <c>Completed</c>, <c>Failed</c> or <c>Canceled</c>.</param>
/// <param name="Output">The output, when it completed.</param>
/// <param name="Error">Why it did not complete, as the <c>failed</c> message tells the client.</param>
/// <param name="Progress">Every <c>progress</c> message sent, in order.</param>
public sealed record ActionRun(RequestRuntimeStatus RuntimeStatus, JsonElement? Output, RequestError? Error, IReadOnlyList<RequestProgress> Progress)
{
    /// <summary>The output read as <typeparamref name="T"/> (snake_case JSON, like the HTTP API).</summary>
    /// <exception cref="InvalidOperationException">The request did not complete.</exception>
    public T OutputAs<T>()
        => Output is { } output
            ? HandlerJson.FromElement<T>(output)
            : throw new InvalidOperationException($"The request ended {RuntimeStatus} without an output: {Error?.Code} {Error?.Message}");
}
