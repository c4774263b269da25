using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Events;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Protocol.Trust;

namespace PiController.Benchmarks;

/// <summary>
/// Events through the bus to WebSocket clients: the real hub (Kestrel, TLS, SQLite) in this process, events
/// published with <see cref="EventBus.PublishAsync{T}"/>, and clients that each count every event, resuming with
/// since= when the hub closes them for falling behind, as a real client does.
/// </summary>
internal static class EventsBench
{
    public static async Task RunAsync(int clients, int[] bursts, int pacedRate, TimeSpan pacedFor)
    {
        var port = LoopbackPort.Free();
        var options = new HubOptions { DataDirectory = Path.Join(Path.GetTempPath(), "pi-bench", Guid.NewGuid().ToString("N")), Address = IPAddress.Loopback, Port = port };
        await using var app = HubServer.Build(options, builder => builder.Logging.SetMinimumLevel(LogLevel.Error));
        await app.StartAsync();
        try
        {
            var bus = app.Services.GetRequiredService<EventBus>();
            var token = app.Services.GetRequiredService<ApiTokenStore>().Create("bench", ApiRole.Viewer, null);
            var trust = new HubTrust(app.Services.GetRequiredService<CertificateAuthority>().Certificate);
            var uri = new Uri($"wss://127.0.0.1:{port}/api/v1/events/ws");

            // Warm-up: JIT, TLS, SQLite.
            await RoundAsync(bus, uri, token, trust, clients: 4, count: 2000, perSecond: null);

            foreach (var burst in bursts)
            {
                var burstRun = await RoundAsync(bus, uri, token, trust, clients, burst, perSecond: null);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"burst: {burst:N0} events published as fast as possible, {clients} WebSocket clients each received all {burst:N0}: " +
                    $"{burst / burstRun.Elapsed.TotalSeconds:N0} events/s ({burst * (double)clients / burstRun.Elapsed.TotalSeconds:N0} deliveries/s), " +
                    $"{burstRun.Resumes} resume(s) after falling behind; publish -> receive {Percentiles.Describe(burstRun.LatenciesMs)}"));
            }

            var count = (int)(pacedRate * pacedFor.TotalSeconds);
            var paced = await RoundAsync(bus, uri, token, trust, clients, count, pacedRate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"paced: {pacedRate:N0} events/s for {pacedFor.TotalSeconds:0} s to {clients} clients ({pacedRate * clients:N0} deliveries/s), " +
                $"{paced.Resumes} resume(s); publish -> receive {Percentiles.Describe(paced.LatenciesMs)}"));
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }

    private sealed record Round(TimeSpan Elapsed, int Resumes, List<double> LatenciesMs);

    private static async Task<Round> RoundAsync(EventBus bus, Uri uri, string token, HubTrust trust, int clients, int count, int? perSecond)
    {
        var first = bus.Store.LastId() + 1;
        var published = new long[count];
        var readers = new List<EventSocketCounter>();
        for (var i = 0; i < clients; i++)
        {
            var reader = new EventSocketCounter(uri, token, trust, first - 1, count, published);
            await reader.ConnectAsync();
            readers.Add(reader);
        }
        var runs = readers.Select(r => r.RunAsync()).ToList();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (perSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (due > clock.Elapsed + TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due - clock.Elapsed);
                }
            }
            published[i] = Stopwatch.GetTimestamp();
            await bus.PublishAsync(EventTypes.GpioStateChanged, "bench-node",
                new GpioStateChangedPayload(i % 28, i % 2 == 0, null, i % 2 == 0 ? "rising" : "falling", "edge", null, null, i), EventsJsonContext.Default.GpioStateChangedPayload);
        }
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        var latencies = new List<double>(clients * count);
        foreach (var reader in readers)
        {
            latencies.AddRange(reader.LatenciesMs);
            reader.Dispose();
        }
        return new Round(elapsed, readers.Sum(r => r.Resumes), latencies);
    }

    /// <summary>
    /// One client: reads messages, takes the id from the front of each (<c>{"id":123,...</c>), records the
    /// publish -> receive latency, and resumes with since= when the hub closes it for falling behind.
    /// </summary>
    private sealed class EventSocketCounter(Uri uri, string token, HubTrust trust, long since, int count, long[] published) : IDisposable
    {
        private readonly long _first = since + 1;
        private long _last = since;
        private ClientWebSocket? _socket;

        public int Resumes { get; private set; }

        public List<double> LatenciesMs { get; } = new(count);

        public async Task ConnectAsync()
        {
            _socket?.Dispose();
            _socket = new ClientWebSocket();
            _socket.Options.RemoteCertificateValidationCallback = (_, c, ch, e) => trust.Validate(c, ch, e);
            _socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            await _socket.ConnectAsync(new Uri(uri, string.Create(CultureInfo.InvariantCulture, $"?since={_last}")), CancellationToken.None);
        }

        public async Task RunAsync()
        {
            var buffer = new byte[16 * 1024];
            while (_last < _first + count - 1)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket!.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Resumes++;
                    await ConnectAsync();
                    continue;
                }
                var now = Stopwatch.GetTimestamp();
                if (!Utf8Parser.TryParse(buffer.AsSpan(6, length - 6), out long id, out _) || id != _last + 1)
                {
                    throw new InvalidOperationException($"expected event {_last + 1}, got {System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 80))}");
                }
                _last = id;
                LatenciesMs.Add(Stopwatch.GetElapsedTime(published[id - _first], now).TotalMilliseconds);
            }
        }

        public void Dispose()
        {
            _socket?.Abort();
            _socket?.Dispose();
        }
    }
}
