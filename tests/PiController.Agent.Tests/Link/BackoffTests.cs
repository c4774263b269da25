using PiController.Protocol.Retry;

namespace PiController.Agent.Tests.Link;

public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public void Ceiling_doubles_with_each_attempt_until_the_cap()
    {
        var backoff = new Backoff(Initial, Cap, new Random(1));

        var ceilings = Enumerable.Range(0, 9).Select(a => backoff.Ceiling(a).TotalMilliseconds).ToArray();

        Assert.Equal([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000], ceilings);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Ceiling_of_a_very_late_attempt_is_the_cap(int attempt)
    {
        var backoff = new Backoff(Initial, Cap, new Random(1));

        Assert.Equal(Cap, backoff.Ceiling(attempt));
    }

    [Fact]
    public void Next_stays_within_zero_and_the_ceiling()
    {
        var backoff = new Backoff(Initial, Cap, new Random(42));

        for (var attempt = 0; attempt < 12; attempt++)
        {
            for (var i = 0; i < 200; i++)
            {
                var delay = backoff.Next(attempt);
                Assert.InRange(delay, TimeSpan.Zero, backoff.Ceiling(attempt));
            }
        }
    }

    [Fact]
    public void Next_spreads_delays_over_the_window()
    {
        var backoff = new Backoff(Initial, Cap, new Random(7));

        var delays = Enumerable.Range(0, 500).Select(_ => backoff.Next(10).TotalMilliseconds).ToArray();

        // Full jitter: agents that lost the hub together come back across the whole window, not at its end.
        Assert.Contains(delays, d => d < Cap.TotalMilliseconds / 4);
        Assert.Contains(delays, d => d > Cap.TotalMilliseconds * 3 / 4);
    }
}
