using System.Net;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Security;

public sealed class FailureRateLimiterTests
{
    private static readonly IPAddress Address = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FailureRateLimiter _limiter;

    public FailureRateLimiterTests() => _limiter = new FailureRateLimiter(_time, new FailureRateLimitOptions());

    [Fact]
    public void Ten_failures_within_a_minute_block_the_address_until_the_minute_ends()
    {
        for (var i = 0; i < 9; i++)
        {
            Assert.False(_limiter.RecordFailure(Address));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.False(_limiter.IsBlocked(Address, out _));

        Assert.True(_limiter.RecordFailure(Address));

        Assert.True(_limiter.IsBlocked(Address, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(51), retryAfter);
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.True(_limiter.IsBlocked(Address, out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_limiter.IsBlocked(Address, out _));
    }

    [Fact]
    public void Failures_spread_over_more_than_a_window_never_block()
    {
        for (var i = 0; i < 30; i++)
        {
            _limiter.RecordFailure(Address);
            _time.Advance(TimeSpan.FromSeconds(7));
        }

        Assert.False(_limiter.IsBlocked(Address, out _));
    }

    [Fact]
    public void Another_address_is_not_affected()
    {
        for (var i = 0; i < 10; i++)
        {
            _limiter.RecordFailure(Address);
        }

        Assert.True(_limiter.IsBlocked(Address, out _));
        Assert.False(_limiter.IsBlocked(IPAddress.Parse("192.0.2.11"), out _));
    }

    [Fact]
    public void An_IPv4_mapped_IPv6_address_counts_as_its_IPv4_address()
    {
        for (var i = 0; i < 10; i++)
        {
            _limiter.RecordFailure(Address.MapToIPv6());
        }

        Assert.True(_limiter.IsBlocked(Address, out _));
    }

    [Fact]
    public void The_table_stays_bounded_when_many_addresses_fail()
    {
        var limiter = new FailureRateLimiter(_time, new FailureRateLimitOptions { MaxTrackedAddresses = 100 });

        for (var i = 0; i < 1000; i++)
        {
            limiter.RecordFailure(new IPAddress(0x0A000000 + i));
        }

        Assert.InRange(limiter.TrackedAddresses, 1, 100);
    }

    [Fact]
    public void Ended_windows_are_dropped_when_the_table_is_full()
    {
        var limiter = new FailureRateLimiter(_time, new FailureRateLimitOptions { MaxTrackedAddresses = 10 });
        for (var i = 0; i < 10; i++)
        {
            limiter.RecordFailure(new IPAddress(0x0A000000 + i));
        }
        _time.Advance(TimeSpan.FromSeconds(61));

        limiter.RecordFailure(Address);

        Assert.Equal(1, limiter.TrackedAddresses);
    }
}
