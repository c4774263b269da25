using System.Text.Json;
using PiController.Hub.Cli;
using PiController.Hub.Events;
using PiController.Hub.Nodes;

namespace PiController.Hub.Tests.Cli;

/// <summary>describe, kubectl style: golden text for a resource and a node, and the verb against a real hub.</summary>
public sealed class DescribeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void A_resource_is_described_with_its_spec_conditions_table_and_events_with_ages()
    {
        var resource = Json("""
            {"kind": "GPIOPin", "name": "porch-light", "labels": {"room": "porch", "tier": "lights"}, "node": {"selector": "room=porch"},
             "spec": {"pin": "P11", "mode": "output", "pull": null, "value": "high"},
             "status": {"node": "node-b", "observed": {"bcm": 17, "mode": "output", "value": "high"},
               "conditions": [
                 {"type": "Applied", "status": "True", "reason": "Applied", "message": "the agent applied the desired state", "lastTransitionTime": "2026-12-06T19:55:00Z"},
                 {"type": "NodeOffline", "status": "False", "reason": "NodeConnected", "message": "", "lastTransitionTime": "2026-12-06T19:50:00Z"}],
               "lastUpdate": "2026-12-06T19:55:00Z", "observedGeneration": 2},
             "generation": 2, "createdAt": "2026-12-06T18:00:00+00:00", "updatedAt": "2026-12-06T19:54:30Z"}
            """);
        IReadOnlyList<EventView> events =
        [
            new(7, "gpio.state.changed", "node-b", Now.AddHours(-3), Json("""{"bcm": 17, "high": true, "mode": "output", "source": "resource", "resource": "porch-light"}""")),
            new(9, "resource.conflict", "node-b", Now.AddSeconds(-42), Json("""{"kind": "GPIOPin", "name": "thief", "conflictingKind": "GPIOPin", "conflictingName": "porch-light"}""")),
        ];

        Assert.Equal("""
            Name:         porch-light
            Kind:         GPIOPin
            Labels:       room=porch, tier=lights
            Node:         node-b (selector room=porch)
            Generation:   2 (observed 2)
            Created:      2026-12-06T18:00:00Z
            Updated:      2026-12-06T19:54:30Z
            Spec:
              pin:        P11
              mode:       output
              value:      high
            Observed:
              bcm:        17
              mode:       output
              value:      high
            Conditions:
              TYPE         STATUS  REASON         MESSAGE                              LAST TRANSITION
              Applied      True    Applied        the agent applied the desired state  2026-12-06T19:55:00Z
              NodeOffline  False   NodeConnected                                       2026-12-06T19:50:00Z
            Events:
              AGE  TYPE                DETAILS
              3h   gpio.state.changed  bcm=17 high=true mode=output source=resource
              42s  resource.conflict   kind=GPIOPin name=thief conflictingKind=GPIOPin conflictingName=porch-light
            """.ReplaceLineEndings("\n"), ResourceDescription.Render(resource, events, Now));
    }

    [Fact]
    public void A_node_is_described_with_its_labels_connection_hardware_resources_and_no_events()
    {
        var node = new NodeView("node-a", "pi-garage", "Raspberry Pi 4 Model B Rev 1.4", "linux-arm64", "Debian 13", "6.12.1", "native", "0.1.0",
            Connected: false, ConnectedSince: null, DisconnectedAt: Now.AddMinutes(-5), FirstSeen: Now.AddDays(-3), LastSeen: Now.AddMinutes(-5),
            LastHeartbeat: null, RemoteAddress: "10.77.0.1", Metrics: null, EnrolledAt: Now.AddDays(-3), RevokedAt: null);
        var labels = new NodeLabelsView("node-a", new Dictionary<string, string> { ["room"] = "garage" },
            new Dictionary<string, string> { ["hardware.pi-controller.io/arch"] = "arm64" });
        var hardware = Json("""
            {"board": {"raspberryPi": true, "model": "Raspberry Pi 4 Model B Rev 1.4", "serial": "10000000abcdef01", "boardType": "4B", "boardRevision": "1.4",
              "memoryMegabytes": 4096, "manufacturer": "Sony UK", "processor": "BCM2711"},
             "gpioChips": [{"name": "gpiochip0", "label": "pinctrl-bcm2711", "lineCount": 58}],
             "i2cBuses": [{"bus": 1, "name": "bcm2835 (i2c@7e804000)"}],
             "pwmChips": [{"channelCount": 2}],
             "spiDevices": [{}, {"chipSelect": 1}],
             "uarts": [{"name": "ttyS0"}]}
            """);

        Assert.Equal("""
            Name:         node-a
            Hostname:     pi-garage
            Labels:       room=garage
            Derived:      hardware.pi-controller.io/arch=arm64
            Membership:   enrolled
            Agent:        0.1.0
            Address:      10.77.0.1
            OS:           Debian 13, 6.12.1, linux-arm64
            First seen:   2026-12-03T20:00:00Z
            Last seen:    2026-12-06T19:55:00Z
            Conditions:
              TYPE       STATUS  REASON             MESSAGE                     LAST TRANSITION
              Connected  False   AgentNotConnected  the agent is not connected  2026-12-06T19:55:00Z
            Hardware:
              Model:      Raspberry Pi 4 Model B Rev 1.4
              Board:      4B rev 1.4 (BCM2711, Sony UK)
              Memory:     4096 MB
              Serial:     10000000abcdef01
              GPIO chips: gpiochip0 (pinctrl-bcm2711, 58 lines)
              I2C buses:  /dev/i2c-1 (bcm2835 (i2c@7e804000))
              PWM chips:  pwmchip0 (2 channels)
              SPI:        spidev0.0, spidev0.1
              UARTs:      ttyS0
            Metrics:      <none>
            Resources:    gpiopin/led, pwmcontroller/fan
            Events:       <none>
            """.ReplaceLineEndings("\n"), NodeDescription.Render(node, labels, hardware, ["gpiopin/led", "pwmcontroller/fan"], [], Now));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(150, "2m30s")]
    [InlineData(720, "12m")]
    [InlineData(7200, "2h")]
    [InlineData(3 * 86400 + 5, "3d")]
    public void Ages_are_written_as_kubectl_writes_them(int seconds, string expected) =>
        Assert.Equal(expected, DescribeText.Age(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task Describe_reads_a_resource_and_a_node_from_a_real_hub_and_refuses_an_unknown_kind()
    {
        await using var cli = await CliAgainstHub.StartAsync();
        Assert.Equal(0, (await cli.RunAsync("create", "gpio", "led", "--node", "node-a", "--pin", "17", "--mode", "output", "--label", "room=garage")).Code);

        var resource = await cli.RunAsync("describe", "gpio", "led");
        var node = await cli.RunAsync("describe", "node", "node-a");
        var unknown = await cli.RunAsync("describe", "pods", "x");

        Assert.True(resource.Code == 0, resource.Error);
        Assert.StartsWith("Name:         led\nKind:         GPIOPin\nLabels:       room=garage\nNode:         node-a\n", resource.Output, StringComparison.Ordinal);
        Assert.Contains("Conditions:", resource.Output, StringComparison.Ordinal);
        Assert.True(node.Code == 0, node.Error);
        Assert.Contains("Hostname:     pi-garage\nLabels:       room=garage\n", node.Output, StringComparison.Ordinal);
        Assert.Contains("Resources:    gpiopin/led\n", node.Output, StringComparison.Ordinal);
        Assert.Contains("Hardware:     <none>\n", node.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("\"pods\" cannot be described; use node, gpio, pwm or i2c", unknown.Error, StringComparison.Ordinal);
    }
}
