using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Discovery;
using PiController.Hub.Discovery.Leases;
using PiController.Hub.State;

namespace PiController.Hub.Tests.Discovery;

public sealed class DiscoveryPollerTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly HubDatabase _database;
    private readonly CollectingLogger _log = new();

    public DiscoveryPollerTests() => _database = _directory.MigratedDatabase();

    public void Dispose() => _directory.Dispose();

    private DiscoveryPoller Poller(params string[] leaseFiles)
    {
        var options = new DiscoveryOptions { LeaseFiles = leaseFiles.Select(LeaseFile.Parse).ToList() };
        var store = new DiscoveryStore(_database, _time);
        var bus = new PiController.Hub.Events.EventBus(new PiController.Hub.Events.EventStore(_database), _time, NullLogger<PiController.Hub.Events.EventBus>.Instance);
        var service = new DiscoveryService(store, options, new PiController.Hub.Security.EnrollmentRequestStore(_database, _time),
            new PiController.Hub.Events.NodeEvents(bus), _time, NullLogger<DiscoveryService>.Instance);
        return new DiscoveryPoller(options, service, store, _log);
    }

    [Fact]
    public void A_lease_file_with_many_bad_lines_is_one_warning_with_the_count_and_the_first_bad_line()
    {
        var path = _directory.File("dnsmasq.leases");
        File.WriteAllLines(path, [
            "1764072000 b8:27:eb:12:34:56 192.168.1.23 raspberrypi *",
            .. Enumerable.Range(0, 500).Select(i => $"garbage line {i}"),
            "1764072400 e4:5f:01:00:00:01 192.168.1.27 pi-five *",
        ]);
        var poller = Poller(path);

        poller.Poll();

        var warning = Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains($"{path}: 500 lines skipped; the first: {path}:2: expected", warning.Text, StringComparison.Ordinal);
        Assert.Equal(2, _database.Long("SELECT COUNT(*) FROM discovered_machines"));

        poller.Poll();
        Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);

        File.AppendAllText(path, "more garbage\n");
        poller.Poll();
        Assert.Equal(2, _log.Lines.Count(l => l.Level == LogLevel.Warning));
        Assert.Contains("501 lines skipped", _log.Lines.Last(l => l.Level == LogLevel.Warning).Text, StringComparison.Ordinal);
    }

    private sealed class CollectingLogger : ILogger<DiscoveryPoller>
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, string Text)> _lines = [];

        public IReadOnlyList<(LogLevel Level, string Text)> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
