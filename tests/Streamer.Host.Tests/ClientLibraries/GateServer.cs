using System.Net;
using System.Net.Sockets;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.ClientLibraries;

/// <summary>
/// Lets a client test running in another process (Node) open the gates of <see cref="GatedTestAction"/>, whose runs live
/// in this process: <c>POST {BaseAddress}gates/{requestId}/{chunk}</c> releases that chunk and answers 204. So the test
/// decides when a request ends, e.g. only after it has cut the client's socket.
/// </summary>
public sealed class GateServer : IDisposable
{
    private readonly HttpListener _listener;

    private GateServer()
    {
        // HttpListener cannot listen on port 0; take a port the OS says is free, and another if something took it between
        // the probe and the listener's start.
        for (var attempt = 1; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
                continue;
            }

            _listener = listener;
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            break;
        }

        _ = ServeAsync();
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41235/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static GateServer Start() => new();

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            // One failed answer (the client went away) must not end the loop: later gates would never open.
            try
            {
                var segments = context.Request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (context.Request.HttpMethod == "POST" && segments is ["gates", var requestId, var chunkText] && int.TryParse(chunkText, out var chunk))
                {
                    GatedTestRegistry.For(Uri.UnescapeDataString(requestId)).Release(chunk);
                    context.Response.StatusCode = (int)HttpStatusCode.NoContent;
                }
                else
                {
                    context.Response.StatusCode = (int)HttpStatusCode.NotFound;
                }

                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
            {
                context.Response.Abort();
            }
        }
    }
}
