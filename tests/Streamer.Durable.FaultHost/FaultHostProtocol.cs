namespace Streamer.Durable.FaultHost;

/// <summary>What a fault host prints so that the test knows where it is.</summary>
public static class FaultHostProtocol
{
    /// <summary>Printed on standard output once the task hub exists and the worker has started.</summary>
    public static string ReadyLine(string hostId) => $"FAULTHOST READY {hostId}";
}
