using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiController.Agent.Discovery;

namespace PiController.Agent.Tests.Discovery;

public sealed class HubRediscoveryTests
{
    private static readonly Uri Current = new("https://192.168.1.10:8443");

    [Fact]
    public async Task The_same_address_found_again_changes_nothing()
    {
        var rediscovery = new HubRediscovery(_ => Task.FromResult<Uri?>(new Uri("https://192.168.1.10:8443")), TimeProvider.System, NullLogger.Instance);

        Assert.Null(await rediscovery.BrowseAsync(Current, 5, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_address_is_returned()
    {
        var moved = new Uri("https://192.168.1.23:8443");
        var rediscovery = new HubRediscovery(_ => Task.FromResult<Uri?>(moved), TimeProvider.System, NullLogger.Instance);

        Assert.Equal(moved, await rediscovery.BrowseAsync(Current, 5, CancellationToken.None));
    }

    [Fact]
    public async Task A_browse_that_finds_nothing_ends_after_its_bound_so_the_old_address_is_dialled_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var started = new TaskCompletionSource();
        var rediscovery = new HubRediscovery(async token =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return null;
        }, time, NullLogger.Instance);

        var browsing = rediscovery.BrowseAsync(Current, 5, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Null(await browsing.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Browsing_after_no_failure_at_all_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HubRediscovery(_ => Task.FromResult<Uri?>(null), TimeProvider.System, NullLogger.Instance, 0));
    }
}
