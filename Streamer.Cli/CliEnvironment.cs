namespace Streamer.Cli;

/// <summary>The environment variables the commands read; tests pass their own.</summary>
internal sealed class CliEnvironment(Func<string, string?> variables)
{
    public static CliEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    public string? Get(string name) => variables(name) is { Length: > 0 } value ? value : null;
}
