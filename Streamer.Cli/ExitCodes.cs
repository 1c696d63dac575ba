namespace Streamer.Cli;

/// <summary>What <c>streamer</c> exits with, so scripts can tell outcomes apart.</summary>
internal static class ExitCodes
{
    /// <summary>The request completed (or, for status/list/cancel, the call succeeded).</summary>
    public const int Completed = 0;

    /// <summary>The request failed.</summary>
    public const int Failed = 1;

    /// <summary>The request was canceled or terminated (Ctrl+C during <c>run</c> cancels it).</summary>
    public const int Canceled = 2;

    /// <summary>The API refused the call (a problem answer: validation, not found, conflict, rate limit, …).</summary>
    public const int Refused = 3;

    /// <summary>The API could not be reached.</summary>
    public const int Unreachable = 4;

    /// <summary>The command line itself is wrong (e.g. <c>--payload</c> is not JSON).</summary>
    public const int Usage = 64;

    /// <summary>The exit code of a request that ended in <paramref name="runtimeStatus"/>.</summary>
    public static int For(string runtimeStatus) => runtimeStatus switch
    {
        "Failed" => Failed,
        "Canceled" or "Terminated" => Canceled,
        _ => Completed,
    };
}
