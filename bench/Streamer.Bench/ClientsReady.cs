namespace Streamer.Bench;

/// <summary>What the client process reported once every connect had finished.</summary>
internal sealed record ClientsReady(int Connected, int Failed, double Seconds, string OpenFileLimit, string FirstError);
