using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Audit;

namespace PiController.Hub.Tests.Audit;

/// <summary>The audit log cannot be grown without limit: refusals are counted, not stored one by one, and old or surplus rows go.</summary>
public sealed class AuditBoundsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InProcessHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync(services => services.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private AuditLog Log => _hub.App.Services.GetRequiredService<AuditLog>();

    private long Rows => _hub.Database.Long("SELECT COUNT(*) FROM audit_log");

    [Fact]
    public async Task A_flood_of_anonymous_changes_leaves_one_row_that_counts_the_refusals_before_the_limit()
    {
        using var anonymous = _hub.Http();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/v1/api-tokens", new { name = "x", role = "admin" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var entry = Assert.Single(await WaitForAsync(e => e.Count == 10));
        Assert.Equal((AuditEntry.Anonymous, "POST /api/v1/api-tokens", 401, AuditEntry.Refused), (entry.Actor, entry.Action, entry.Status, entry.Result));
        Assert.NotNull(entry.LastAt);
    }

    [Fact]
    public void Refusals_a_minute_apart_get_rows_of_their_own()
    {
        Log.Record(Refusal());
        Log.Record(Refusal());
        _time.Advance(AuditLog.AggregationWindow);
        Log.Record(Refusal());

        Assert.Equal([1, 2], Log.Query(10, null).Select(e => e.Count));
    }

    [Fact]
    public void Entries_older_than_the_retention_are_deleted()
    {
        Log.Record(Change("old"));
        _time.Advance(_hub.Options.AuditRetention);
        Log.Record(Change("recent"));
        _time.Advance(TimeSpan.FromSeconds(1));

        // The hourly run may have trimmed already (the clock jumped past its period); either way the old one goes.
        Log.Trim();
        Assert.Equal("recent", Assert.Single(Log.Query(10, null)).Target);
    }

    [Fact]
    public void The_log_keeps_at_most_its_row_cap_even_between_hourly_runs()
    {
        var log = new AuditLog(_hub.Database, new AuditLimits(_hub.Options.AuditRetention, MaxRows: 25), _time);

        for (var i = 0; i < AuditLog.TrimEvery; i++)
        {
            log.Record(Change($"n{i}"));
        }

        Assert.Equal(25, Rows);
        Assert.Equal($"n{AuditLog.TrimEvery - 1}", log.Query(1, null)[0].Target);
    }

    [Fact]
    public void The_default_bounds_are_90_days_and_half_a_million_rows()
    {
        Assert.Equal(TimeSpan.FromDays(90), _hub.Options.AuditRetention);
        Assert.Equal(500_000, _hub.Options.AuditMaxRows);
    }

    private AuditEntry Change(string target) =>
        new(0, _time.GetUtcNow(), "token:abc (test)", "127.0.0.1", "POST /api/v1/tokens", target, 201, null, AuditEntry.Ok);

    private AuditEntry Refusal() =>
        new(0, _time.GetUtcNow(), AuditEntry.Anonymous, "192.0.2.7", "POST /api/v1/tokens", "", 401, null, AuditEntry.Refused);

    /// <summary>The middleware records after answering; wait (bounded) until the log shows what is expected.</summary>
    private async Task<IReadOnlyList<AuditEntry>> WaitForAsync(Func<AuditEntry, bool> expected)
    {
        for (var i = 0; i < 100 && !Log.Query(100, null).Any(expected); i++)
        {
            await Task.Delay(50);
        }
        return Log.Query(100, null);
    }
}
