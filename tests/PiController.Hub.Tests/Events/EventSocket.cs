using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Events;

/// <summary>A WebSocket client of /api/v1/events/ws on an <see cref="InProcessHub"/>, trusting only its CA.</summary>
internal sealed class EventSocket : IDisposable
{
    private EventSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static ClientWebSocket Create(InProcessHub hub, string? token, params string[] protocols)
    {
        var socket = HubTls.WebSocket(hub.App.Services.GetRequiredService<CertificateAuthority>().Certificate, token);
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }
        return socket;
    }

    public static async Task<EventSocket> ConnectAsync(InProcessHub hub, string? token, string query, params string[] protocols)
    {
        var socket = Create(hub, token, protocols);
        await socket.ConnectAsync(Uri(hub, query), Timeout());
        return new EventSocket(socket);
    }

    public static Uri Uri(InProcessHub hub, string query) => new($"wss://127.0.0.1:{hub.Options.Port}/api/v1/events/ws{query}");

    /// <summary>The next message, parsed; fails the test if none comes within 30 s (the hub is local).</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await Socket.ReceiveAsync(buffer.AsMemory(length), Timeout());
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            length += received.Count;
        }
        while (!received.EndOfMessage);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
    }

    public async Task<List<JsonElement>> ReceiveAsync(int count)
    {
        var messages = new List<JsonElement>();
        for (var i = 0; i < count; i++)
        {
            messages.Add(await ReceiveAsync());
        }
        return messages;
    }

    public void Dispose() => Socket.Dispose();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
