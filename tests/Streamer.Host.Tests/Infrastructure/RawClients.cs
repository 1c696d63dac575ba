using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// Clients below HttpClient and the SignalR client, for bytes those refuse to send: a request line or headers as
/// written, and a hub invocation whose argument is raw JSON (unpaired surrogate escapes, invalid UTF-8).
/// </summary>
public static class RawClients
{
    private const byte RecordSeparator = 0x1e;

    /// <summary>Sends <paramref name="request"/> as written on a new connection and reads until the server closes it or the head and declared body have arrived.</summary>
    public static async Task<string> SendHttpAsync(Uri baseAddress, byte[] request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, cancellationToken);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                break; // reset by the server after its answer
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (IsComplete(Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length)))
            {
                break;
            }
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>
    /// Invokes the hub's <c>StartRequest</c> over a bare WebSocket (no negotiate, as SignalR allows for WebSockets) with
    /// <paramref name="argument"/> spliced into the invocation as written; returns the completion message.
    /// </summary>
    public static async Task<JsonElement> InvokeStartRequestAsync(Uri baseAddress, string token, byte[] argument, WebSocketMessageType frameType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "api/hubs/streamer", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        await socket.ConnectAsync(uri, cancellationToken);
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        byte[] invocation = [.. "{\"type\":1,\"invocationId\":\"1\",\"target\":\"StartRequest\",\"arguments\":["u8, .. argument, .. "]}"u8, RecordSeparator];
        await socket.SendAsync(invocation, frameType, endOfMessage: true, cancellationToken);

        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The hub closed the connection before answering: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            pending.AddRange(buffer.AsSpan(0, result.Count));
            int end;
            while ((end = pending.IndexOf(RecordSeparator)) >= 0)
            {
                var record = pending.GetRange(0, end).ToArray();
                pending.RemoveRange(0, end + 1);
                var message = JsonSerializer.Deserialize<JsonElement>(record);
                if (message.TryGetProperty("type", out var type) && type.GetInt32() == 3)
                {
                    return message;
                }
            }
        }
    }

    private static bool IsComplete(string response)
    {
        var headEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return false;
        }

        var head = response[..headEnd];
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null && response.Length - headEnd - 4 >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
