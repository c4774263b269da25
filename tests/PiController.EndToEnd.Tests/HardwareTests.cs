using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using PiController.Protocol.Api;

namespace PiController.EndToEnd.Tests;

/// <summary>GPIO, PWM and I2C through the CLI and REST, the hub, the link, and the agent on the simulated board.</summary>
public sealed class HardwareTests
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(30);

    private static async Task<string> CliOkAsync(HubInstance hub, params string[] arguments)
    {
        var (code, output) = await hub.CliAsync(arguments);
        Assert.True(code == 0, $"pi-controller {string.Join(' ', arguments)} exited {code}:\n{output}");
        return output;
    }

    [Fact]
    public async Task Gpio_write_shows_on_the_wired_input_and_its_edges_reach_the_hub_with_timestamps()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-gpio");
        using var _ = hub;
        using var __ = agent;
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);

        await CliOkAsync(hub, "gpio", "config", agent.NodeId, "27", "--mode", "input", "--edge", "both");
        Assert.Matches(@"(?m)^GPIO27\s+pin 13\s+\w+\s+low\b", await CliOkAsync(hub, "gpio", "read", agent.NodeId, "27"));
        Assert.Matches(@"(?m)^GPIO17\s+pin 11\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "write", agent.NodeId, "17", "high"));
        Assert.Matches(@"(?m)^GPIO27\s+pin 13\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "read", agent.NodeId, "27"));
        await CliOkAsync(hub, "gpio", "toggle", agent.NodeId, "P11");

        using var http = hub.Http();
        var events = await Eventually.ReachesAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/nodes/{agent.NodeId}/gpio/events?pin=27")).GetProperty("events").EnumerateArray().ToArray(),
            found => found.Length >= 2, TimeSpan.FromSeconds(15),
            found => $"expected a rising and a falling edge on GPIO27, got {found?.Length ?? 0}\nagent:\n{agent.Process.Output}");
        Assert.True(events.Length == 2, $"expected a rising and a falling edge on GPIO27, got {events.Length}\nagent:\n{agent.Process.Output}");
        Assert.Equal(["rising", "falling"], events.Select(e => e.GetProperty("edge").GetString()));
        foreach (var e in events)
        {
            Assert.Equal(27, e.GetProperty("bcm").GetInt32());
            var at = e.GetProperty("at").GetDateTimeOffset();
            Assert.InRange(at, started, DateTimeOffset.UtcNow.AddSeconds(5));
        }
        Assert.Contains("GPIO27  rising", await CliOkAsync(hub, "gpio", "events", agent.NodeId), StringComparison.Ordinal);
        // Edges are stored as events; a noisy input must not flood the hub's log too: they are logged at debug only.
        Assert.DoesNotContain("GPIO27 rising edge", hub.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task I2c_scan_finds_the_bme280_and_a_typed_read_returns_plausible_values()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-i2c");
        using var _ = hub;
        using var __ = agent;

        var scan = await CliOkAsync(hub, "i2c", "scan", agent.NodeId, "1");
        Assert.Contains("device(s) on bus 1: 0x20, 0x44, 0x48, 0x76", scan, StringComparison.Ordinal);

        var json = await CliOkAsync(hub, "i2c", "read", agent.NodeId, "1", "0x76", "--device", "bme280", "--json");
        var values = JsonDocument.Parse(json).RootElement.GetProperty("values");
        Assert.InRange(values.GetProperty("temperature_celsius").GetDouble(), 10, 40);
        Assert.InRange(values.GetProperty("pressure_pascal").GetDouble(), 90_000, 110_000);
        Assert.InRange(values.GetProperty("humidity_percent").GetDouble(), 10, 90);

        var (code, output) = await hub.CliAsync("i2c", "read", agent.NodeId, "1", "0x78", "--device", "bme280");
        Assert.Equal(1, code);
        Assert.Contains("outside 0x03-0x77", output, StringComparison.Ordinal);

        // The MCP23017 at 0x20 read as an ADS1115: refused before the binding writes its config register there.
        (code, output) = await hub.CliAsync("i2c", "read", agent.NodeId, "1", "0x20", "--device", "ads1115");
        Assert.Equal(1, code);
        Assert.Contains("0x20 on I2C bus 1 is not an ADS1115", output, StringComparison.Ordinal);
        var directions = await CliOkAsync(hub, "i2c", "read", agent.NodeId, "1", "0x20", "--register", "0x00", "--length", "2", "--json");
        Assert.Equal("ffff", JsonDocument.Parse(directions).RootElement.GetProperty("read").GetString());
    }

    [Fact]
    public async Task Refused_operations_say_why_and_change_nothing()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-refuse");
        using var _ = hub;
        using var __ = agent;

        var (code, output) = await hub.CliAsync("gpio", "write", agent.NodeId, "2", "high");
        Assert.Equal(1, code);
        Assert.Contains("I2C1 SDA", output, StringComparison.Ordinal);
        Assert.Contains("dtparam=i2c_arm=off", output, StringComparison.Ordinal);

        using var http = hub.Http();
        using (var ground = await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/gpio/P6/write", new { value = "high" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ground.StatusCode);
            Assert.Contains("ground", await ground.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var i2cPin = await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/gpio/2/write", new { value = "high" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, i2cPin.StatusCode);
        }
        using (var pwm = await http.PutAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/pwm/17", new { frequencyHz = 1000, dutyPercent = 50 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, pwm.StatusCode);
            Assert.Contains("no hardware PWM channel", await pwm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var unknown = await http.GetAsync("/api/v1/nodes/nope/gpio/17"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var pins = await http.GetFromJsonAsync<JsonElement>($"/api/v1/nodes/{agent.NodeId}/gpio");
        Assert.Equal(0, pins.GetProperty("pins").GetArrayLength());
    }

    [Fact]
    public async Task Pins_hold_their_state_while_the_hub_is_away_and_come_back_after_an_agent_restart()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-restore");
        using var _ = hub;
        using var __ = agent;
        await CliOkAsync(hub, "gpio", "config", agent.NodeId, "27", "--mode", "input");
        await CliOkAsync(hub, "gpio", "write", agent.NodeId, "17", "high");
        await CliOkAsync(hub, "pwm", "set", agent.NodeId, "18", "--freq", "1000", "--duty", "25");

        // The hub goes away and comes back: the agent reconnects, its pins unchanged.
        await hub.StopAsync();
        await hub.StartAsync();
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), Connect);
        Assert.Matches(@"(?m)^GPIO27\s+pin 13\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "read", agent.NodeId, "27"));

        // The agent restarts: it restores what it had applied from its data directory.
        Assert.Equal(0, await agent.StopAsync());
        await hub.WaitForNodeAsync(agent.NodeId, n => !n.GetProperty("connected").GetBoolean(), Connect);
        agent.Start();
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), Connect);

        Assert.Matches(@"(?m)^GPIO17\s+pin 11\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "read", agent.NodeId, "17"));
        Assert.Matches(@"(?m)^GPIO27\s+pin 13\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "read", agent.NodeId, "27"));
        Assert.Matches(@"(?m)^GPIO18\s+1000 Hz\s+25 %", await CliOkAsync(hub, "pwm", "ls", agent.NodeId));
        Assert.Contains("Restored 2 GPIO pin(s) and 1 PWM channel(s)", agent.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_operations_work_over_grpc_with_precise_status_codes()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-grpc");
        using var _ = hub;
        using var __ = agent;
        using var channel = hub.Grpc();
        var client = new Hardware.HardwareClient(channel);

        await client.ConfigureGpioAsync(new ConfigureGpioRequest { NodeId = agent.NodeId, Pin = "27", Mode = PinMode.Input, Edge = PinEdge.Both });
        await client.WriteGpioAsync(new WriteGpioRequest { NodeId = agent.NodeId, Pin = "P11", High = true });
        var read = await client.ReadGpioAsync(new ReadGpioRequest { NodeId = agent.NodeId, Pin = "27" });
        Assert.True(read.Pins.Single().High);

        var reading = await client.ReadI2cDeviceAsync(new ReadI2cDeviceRequest { NodeId = agent.NodeId, Bus = 1, Address = 0x76, Device = "bme280" });
        Assert.InRange(reading.Values["temperature_celsius"], 10, 40);

        // What REST offers for hardware, gRPC offers too: watches, stored readings, input edges.
        var watches = await client.WatchI2cAsync(new WatchI2cRequest { NodeId = agent.NodeId, Bus = 1, Address = 0x76, Device = "bme280", IntervalMs = 200 });
        Assert.Equal("bme280", Assert.Single(watches.Watches).Device);
        var readings = new I2cReadingList();
        var edges = new GpioEdgeEventList();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((readings.Readings.Count == 0 || edges.Edges.Count == 0) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            readings = await client.ListI2cReadingsAsync(new ListI2cReadingsRequest { NodeId = agent.NodeId, Limit = 10 });
            edges = await client.ListGpioEventsAsync(new ListGpioEventsRequest { NodeId = agent.NodeId, Bcm = 27 });
        }
        Assert.NotEmpty(readings.Readings);
        Assert.Equal(PinEdge.Rising, Assert.Single(edges.Edges).Edge);
        Assert.Empty((await client.UnwatchI2cAsync(new UnwatchI2cRequest { NodeId = agent.NodeId, Bus = 1, Address = 0x76 })).Watches);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.WriteGpioAsync(new WriteGpioRequest { NodeId = agent.NodeId, Pin = "3", High = true }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.WriteGpioAsync(new WriteGpioRequest { NodeId = agent.NodeId, Pin = "P9", High = true }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.ReadGpioAsync(new ReadGpioRequest { NodeId = "nope", Pin = "17" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_pulse_holds_the_pin_for_its_length_on_the_agent_and_then_ends_at_the_other_level()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-pulse");
        using var _ = hub;
        using var __ = agent;
        using var http = hub.Http();
        await CliOkAsync(hub, "gpio", "config", agent.NodeId, "27", "--mode", "input");

        Assert.Matches(@"(?m)^GPIO17\s+pin 11\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "pulse", agent.NodeId, "17", "--level", "high", "--ms", "1500"));
        using var busy = await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/gpio/17/write", new { value = "low" });
        var problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Contains("pulsing high", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^GPIO27\s+pin 13\s+\w+\s+high\b", await CliOkAsync(hub, "gpio", "read", agent.NodeId, "27"));

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string read;
        do
        {
            await Task.Delay(200);
            read = await CliOkAsync(hub, "gpio", "read", agent.NodeId, "27");
        }
        while (!read.Contains("low", StringComparison.Ordinal) && DateTime.UtcNow < until);
        Assert.Matches(@"(?m)^GPIO27\s+pin 13\s+\w+\s+low\b", read);

        using var tooLong = await http.PostAsJsonAsync($"/api/v1/nodes/{agent.NodeId}/gpio/17/pulse", new { level = "high", ms = 60_001 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        using var grpc = hub.Grpc();
        var pulsed = await new Hardware.HardwareClient(grpc).PulseGpioAsync(new PulseGpioRequest { NodeId = agent.NodeId, Pin = "17", High = true, Ms = 100 });
        Assert.True(Assert.Single(pulsed.Pins).High);
    }
}
