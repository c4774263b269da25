using System.Buffers;
using System.Net.WebSockets;
using PiController.Hub.Events;
using PiController.Protocol.Retry;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller events --follow</c>: streams events over the WebSocket and, when the connection drops or the
/// hub closes it, reconnects with since = the last id printed (backoff from 0.5 s doubling up to 10 s), so
/// nothing is missed and nothing printed twice, until Ctrl-C.
/// </summary>
internal sealed class EventFollower(HubClient client, EventFilter filter, Func<EventView, Task> print)
{
    private static readonly Backoff Reconnect = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    private long _last;
    private int _attempt; // reconnects since the stream was last open

    public async Task RunAsync(long? since, CancellationToken cancellationToken)
    {
        // Without --since: from the newest event now, so even the first reconnect misses nothing.
        _last = since ?? await client.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var socket = await client.OpenEventStreamAsync(_last, filter, cancellationToken).ConfigureAwait(false);
                _attempt = 0;
                await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
                if (socket.CloseStatus == WebSocketCloseStatus.PolicyViolation)
                {
                    // The token was revoked or expired: reconnecting with it would only be refused (and counted).
                    throw new CliException($"the hub ended the event stream: {socket.CloseStatusDescription}");
                }
                await Terminal.ErrorAsync($"the hub closed the stream ({socket.CloseStatusDescription ?? socket.CloseStatus?.ToString() ?? "no reason"}); resuming after event {_last}").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or OperationCanceledException)
            {
                await Terminal.ErrorAsync($"event stream lost ({e.Message}); reconnecting in {Reconnect.Next(_attempt).TotalSeconds:0.#} s after event {_last}").ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(Reconnect.Next(_attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _attempt++;
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var received = await socket.ReceiveAsync(message.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            message.Advance(received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }
            var e = System.Text.Json.JsonSerializer.Deserialize(message.WrittenSpan, HubJsonContext.Default.EventView)
                ?? throw new WebSocketException("the hub sent an empty event message");
            message.ResetWrittenCount();
            if (e.Type == "stream.gap")
            {
                await Terminal.ErrorAsync($"note: {e.Payload.GetProperty("detail").GetString()}").ConfigureAwait(false);
            }
            else if (e.Id > _last)
            {
                await print(e).ConfigureAwait(false);
                _last = e.Id;
            }
        }
    }
}
