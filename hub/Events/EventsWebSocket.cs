using System.Buffers;
using System.Net.WebSockets;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Events;

/// <summary>
/// <c>GET /api/v1/events/ws</c>: the event stream over a WebSocket, one text message per event, filtered by
/// <c>type</c> and <c>node</c>, resuming after <c>since</c>. One writer (this method) and one reader (which only
/// watches for the client's close). docs/events.md is the protocol. When the token that opened the stream is
/// revoked or expires, the stream is closed with 1008 (policy violation) and the reason.
/// </summary>
internal static partial class EventsWebSocket
{
    /// <summary>The subprotocol the hub selects when a client offers it (browsers offer it beside bearer.TOKEN).</summary>
    public const string Protocol = "pi-controller.events.v1";

    /// <summary>Close code when the client fell behind: "try again later" (RFC 6455 registry), with since in the reason.</summary>
    public const WebSocketCloseStatus FellBehind = (WebSocketCloseStatus)1013;

    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public static async Task HandleAsync(HttpContext context, EventBus bus, TimeProvider time, IHostApplicationLifetime lifetime, ApiTokenStreams tokenStreams,
        ILoggerFactory loggers)
    {
        var request = context.Request;
        // A refused query is a HubException, answered as problem details before the handshake.
        var query = EventQuery.Parse(request.Query["since"], request.Query["type"], request.Query["node"], request.Query["resource"]).Servable(bus.Store.LastId());
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.Invalid("this is a WebSocket endpoint: connect with a WebSocket client (wss://); pi-controller events --follow watches the same events")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(Protocol) ? Protocol : null;
        using var lease = tokenStreams.Open(context.User);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol }).ConfigureAwait(false);
        using var subscription = bus.Subscribe(query.Since, query.Filter);
        using var stopping = lifetime.ApplicationStopping.Register(() => subscription.End(new EventBusStoppedException()));
        var logger = loggers.CreateLogger(typeof(EventsWebSocket));
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // Only the wait for events stops when the token goes: a cancelled send or receive would abort the socket,
        // and the client would never see the close frame that says why.
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(closed.Token, lease.Ended);
        var reader = WatchForCloseAsync(socket, closed);
        var buffer = new ArrayBufferWriter<byte>(1024);
        try
        {
            if (subscription.MissedBefore is { } first)
            {
                var gap = new StreamGapPayload(query.Since ?? 0, first, $"events after {query.Since ?? 0} and before {first} were removed by retention");
                await SendAsync(socket, buffer, new EventView(0, "stream.gap", null, time.GetUtcNow(),
                    EventJson.ToElement(gap, EventsJsonContext.Default.StreamGapPayload)), closed.Token).ConfigureAwait(false);
            }
            await foreach (var e in subscription.ReadAllAsync(streaming.Token).ConfigureAwait(false))
            {
                streaming.Token.ThrowIfCancellationRequested();
                await socket.SendAsync(e.Message, WebSocketMessageType.Text, endOfMessage: true, closed.Token).ConfigureAwait(false);
            }
            await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "stream ended", logger).ConfigureAwait(false);
        }
        catch (EventSubscriptionOverflowException)
        {
            Log.FellBehind(logger, subscription.LastDelivered);
            await CloseAsync(socket, FellBehind, $"fell behind; resume with since={subscription.LastDelivered}", logger).ConfigureAwait(false);
        }
        catch (EventBusStoppedException)
        {
            await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, $"hub stopping; resume with since={subscription.LastDelivered}", logger).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lease.Reason is { } reason)
        {
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, CloseReason($"{reason}, since={subscription.LastDelivered}"), logger).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client closed or went away; it resumes with the last id it received.
            await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "closed by client", logger).ConfigureAwait(false);
        }
        finally
        {
            if (socket.State == WebSocketState.CloseSent)
            {
                // Wait briefly for the client's close: closing the connection with its frames unread would reset
                // it, and a reset can destroy our close frame (and its since=) before the client reads it.
                await Task.WhenAny(reader, Task.Delay(CloseWait, CancellationToken.None)).ConfigureAwait(false);
            }
            await closed.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    /// <summary>A close reason is at most 123 bytes of UTF-8 (RFC 6455, 5.5); the hub's reasons are ASCII.</summary>
    private static string CloseReason(string reason) => reason.Length <= 123 ? reason : reason[..123];

    private static async Task SendAsync(WebSocket socket, ArrayBufferWriter<byte> buffer, EventView view, CancellationToken cancellationToken)
    {
        await socket.SendAsync(EventJson.Write(buffer, view, EventsJsonContext.Default.EventView), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Clients send nothing but their close; when it comes (or the connection drops) the stream stops.</summary>
    private static async Task WatchForCloseAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[256];
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, closed.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing anyway.
        }
        await closed.CancelAsync().ConfigureAwait(false);
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason, ILogger logger)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            Log.CloseFailed(logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(63, LogLevel.Information, "An event WebSocket client fell behind and was closed; it can resume after event {LastId}")]
        public static partial void FellBehind(ILogger logger, long lastId);

        [LoggerMessage(64, LogLevel.Debug, "Could not close an event WebSocket cleanly: {Reason}")]
        public static partial void CloseFailed(ILogger logger, string reason);
    }
}
