using System.Text.Json;
using Streamer.Activities.Progress;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>Keeps every progress report a chunk makes.</summary>
internal sealed class RecordingReporter : IProgressReporter
{
    private readonly Lock _gate = new();
    private readonly List<(double Percentage, string Message, string? Stage)> _reports = [];

    public IReadOnlyList<(double Percentage, string Message, string? Stage)> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(double percentage, string message, string? stage = null, JsonElement? details = null)
    {
        lock (_gate)
        {
            _reports.Add((percentage, message, stage));
        }
    }
}
