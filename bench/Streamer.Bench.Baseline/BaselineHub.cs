using Microsoft.AspNetCore.SignalR;

namespace Streamer.Bench.Baseline;

/// <summary>A hub with no methods: clients only receive.</summary>
internal sealed class BaselineHub : Hub;
