using System.Net;

namespace Streamer.Bench;

/// <summary>A status read (<c>GET /api/requests/{id}</c>): the HTTP status and the parts of the answer the benchmark uses.</summary>
internal sealed record StatusRead(HttpStatusCode Status, StatusRead.Body? Answer)
{
    /// <summary>The request's progress in percent, 0 before the first report.</summary>
    public double Percentage => Answer?.Progress?.Percentage ?? 0;

    /// <summary>The answer's fields the benchmark reads (Streamer.Api's RequestStatusResponse, camelCase on the wire).</summary>
    internal sealed record Body(string RuntimeStatus, DateTimeOffset CreatedTime, DateTimeOffset LastUpdatedTime, ProgressBody? Progress);

    /// <summary>The latest progress (Streamer.Api's ProgressResponse).</summary>
    internal sealed record ProgressBody(double Percentage, string Message);
}
