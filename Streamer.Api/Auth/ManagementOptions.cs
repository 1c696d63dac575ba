namespace Streamer.Api.Auth;

/// <summary>
/// Settings of the Durable Functions-compatible management API (configuration section <c>Streamer:Management</c>;
/// in local.settings.json <c>"Streamer__Management__SystemKey"</c>).
/// </summary>
public sealed class ManagementOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Streamer:Management";

    /// <summary>
    /// The system key callers pass as <c>?code=</c> or <c>x-functions-key</c>, like the Functions host's
    /// <c>durabletask_extension</c> system key. When it is not set the API is disabled and answers 404.
    /// </summary>
    public string? SystemKey { get; set; }
}
