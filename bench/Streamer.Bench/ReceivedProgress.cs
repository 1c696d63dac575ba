namespace Streamer.Bench;

/// <summary>One <c>progress</c> message as a client got it: arrival (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), request, and report-to-receipt latency when stamped.</summary>
internal sealed record ReceivedProgress(long ArrivedAt, string RequestId, double? LatencyMilliseconds);
