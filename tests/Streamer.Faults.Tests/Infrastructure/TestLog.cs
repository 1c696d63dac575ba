
namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>
/// Timestamped lines (UTC time of day) in the test's output and on the console, where
/// <c>dotnet test --logger "console;verbosity=normal"</c> shows them for passing tests too; host output on failure.
/// </summary>
internal sealed class TestLog(ITestOutputHelper output)
{
    public void Line(string text)
    {
        var line = $"[{DateTimeOffset.UtcNow:HH:mm:ss.fff}] {text}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    public void Host(HostProcess host, int lines)
    {
        output.WriteLine($"----- host {host.Name} (pid {host.ProcessId}, {host.ExitState}): last {lines} lines -----");
        output.WriteLine(host.Tail(lines));
    }
}
