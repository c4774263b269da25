using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Hardware;
using PiController.Hub.Kube.CustomResources;
using PiController.Protocol.Link;
using static PiController.Hub.Tests.Kube.CustomResources.CustomResourceLab;

namespace PiController.Hub.Tests.Kube.CustomResources;

/// <summary>
/// Input edges the agent reports show in the GPIOPin's status.lastEdge, at most once per interval per object
/// (the interval's clock is a fake one here: the edge inside it shows once the clock passes its end).
/// </summary>
public sealed class LiveStatusTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private CustomResourceLab _lab = null!;

    public async Task InitializeAsync() =>
        _lab = await CustomResourceLab.StartAsync(s => s.AddSingleton(new LiveStatusThrottle(_clock, TimeSpan.FromSeconds(5))));

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private Task EdgeAsync(GpioEdge edge) => _lab.Hub.App.Services.GetRequiredService<HardwareEventFeed>().RecordAsync(NodeId,
        new HardwareEvents { PinEvents = { new PinEvent { Bcm = 22, Edge = edge, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) } } }, CancellationToken.None).AsTask();

    [Fact]
    public async Task An_input_edge_shows_as_the_last_edge_and_one_inside_the_interval_once_it_has_passed()
    {
        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), $$$"""
            {"apiVersion": "hardware.pi-controller.io/v1", "kind": "GPIOPin", "metadata": {"name": "door"},
             "spec": {"node": "{{{KubeNode}}}", "pin": 22, "mode": "input", "pull": "up", "edge": "both"} }
            """);
        await _lab.StatusAsync(Path("gpiopins", "door"), c => Condition(c, "Applied") == "True", "Applied");

        await EdgeAsync(GpioEdge.Rising);
        var rising = await _lab.StatusAsync(Path("gpiopins", "door"), c => c["status"]?["lastEdge"]?["edge"]?.GetValue<string>() == "rising", "the rising edge in status");
        Assert.Equal("high", rising["status"]!["lastEdge"]!["value"]!.GetValue<string>());

        await EdgeAsync(GpioEdge.Falling);
        var projection = ProjectionNames.Of(Cluster, "default", "door");
        await Eventually.TrueAsync(() => Task.FromResult(_lab.Hub.App.Services.GetRequiredService<HardwareEventFeed>().PinEvents(NodeId, 22, 1).Events is [{ Edge: "falling" }]),
            Patience, $"the falling edge of {projection} received");
        // The feed may take either edge from the bus after the other's status is written (a stored status also brings
        // the object up to date), so the interval is passed again on each look until the falling edge shows.
        await Eventually.ReachesAsync(async () =>
            {
                _clock.Advance(TimeSpan.FromSeconds(5));
                return await _lab.GetAsync(Path("gpiopins", "door"));
            }, c => c?["status"]?["lastEdge"]?["edge"]?.GetValue<string>() == "falling", Patience,
            c => $"the falling edge in status (last seen: {c?["status"]?.ToJsonString() ?? "no object"})");
    }
}
