using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Kube.CustomResources;

namespace PiController.Hub.Tests.Kube.CustomResources;

public sealed class LiveStatusThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_first_edge_queues_at_once_and_a_burst_inside_the_interval_queues_once_at_its_end()
    {
        var time = new FakeTimeProvider();
        var throttle = new LiveStatusThrottle(time, Interval);
        var queued = 0;

        throttle.Offer("lab/gpiopins/default/door", () => queued++);
        Assert.Equal(1, queued);
        for (var i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            throttle.Offer("lab/gpiopins/default/door", () => queued++);
        }
        Assert.Equal(1, queued);

        time.Advance(Interval);
        Assert.Equal(2, queued);
        time.Advance(Interval * 3);
        Assert.Equal(2, queued);
    }

    [Fact]
    public void Each_object_has_its_own_interval_and_an_edge_after_a_quiet_interval_queues_at_once()
    {
        var time = new FakeTimeProvider();
        var throttle = new LiveStatusThrottle(time, Interval);
        var queued = new List<string>();

        throttle.Offer("door", () => queued.Add("door"));
        throttle.Offer("window", () => queued.Add("window"));
        time.Advance(Interval);
        throttle.Offer("door", () => queued.Add("door"));

        Assert.Equal(["door", "window", "door"], queued);
    }
}
