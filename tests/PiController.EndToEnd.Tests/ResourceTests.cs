using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PiController.EndToEnd.Tests;

/// <summary>
/// Hardware resources end to end: the hub process, the agent process on the simulated board (GPIO17 wired to
/// GPIO27), the reconciler between them, and the agent stopped and started again while the desired state changes.
/// </summary>
public sealed class ResourceTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Polls the resource until <paramref name="condition"/> holds (bounded), and returns it.</summary>
    private static Task<JsonElement> WaitForAsync(HttpClient http, string path, Func<JsonElement, bool> condition, HubInstance hub, AgentInstance agent) =>
        Eventually.ReachesAsync(() => http.GetFromJsonAsync<JsonElement>(path), condition, Converge,
            last => $"{path} did not reach the expected state; last: {last}\nhub:\n{hub.Process.Output}\nagent:\n{agent.Process.Output}");

    /// <summary>Polls the node's configured pins until <paramref name="condition"/> holds (bounded), and returns them.</summary>
    private static Task<int[]> WaitForPinsAsync(HttpClient http, string nodeId, Func<int[], bool> condition) =>
        Eventually.ReachesAsync(() => ConfiguredPinsAsync(http, nodeId), condition, Converge,
            last => $"the pins of {nodeId} did not reach the expected set; last: {string.Join(", ", last ?? [])}");

    private static bool Is(JsonElement resource, string condition) =>
        resource.GetProperty("status").GetProperty("conditions").EnumerateArray()
            .Any(c => c.GetProperty("type").GetString() == condition && c.GetProperty("status").GetString() == "True");

    private static long ObservedGeneration(JsonElement resource) => resource.GetProperty("status").GetProperty("observedGeneration").GetInt64();

    private static async Task<string?> LevelAsync(HttpClient http, string nodeId, int pin)
    {
        var pins = await http.GetFromJsonAsync<JsonElement>($"/api/v1/nodes/{nodeId}/gpio/{pin}");
        return pins.GetProperty("pins")[0].GetProperty("value").GetString();
    }

    private static async Task<int[]> ConfiguredPinsAsync(HttpClient http, string nodeId)
    {
        var pins = await http.GetFromJsonAsync<JsonElement>($"/api/v1/nodes/{nodeId}/gpio");
        return [.. pins.GetProperty("pins").EnumerateArray().Select(p => p.GetProperty("bcm").GetInt32())];
    }

    [Fact]
    public async Task A_gpio_output_resource_drives_the_pin_converges_after_an_agent_restart_and_returns_the_pin_to_input_when_deleted()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-res-led");
        using var _ = hub;
        using var __ = agent;
        using var http = hub.Http();
        // GPIO27 is the wired input, set up through the direct API: no resource manages it, so reconciliation must leave it alone.
        using (var input = await http.PostAsync($"/api/v1/nodes/{agent.NodeId}/gpio/27/config", Json("""{"mode": "input"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, input.StatusCode);
        }

        using (var created = await http.PostAsync("/api/v1/gpio", Json($$$"""{"name": "led", "labels": {"room": "porch"}, "node": {"id": "{{{agent.NodeId}}}"}, "spec": {"pin": "P11", "mode": "output", "value": "high"}}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var applied = await WaitForAsync(http, "/api/v1/gpio/led", r => Is(r, "Applied"), hub, agent);
        Assert.Equal("high", applied.GetProperty("status").GetProperty("observed").GetProperty("value").GetString());
        Assert.Equal("high", await LevelAsync(http, agent.NodeId, 17));
        Assert.Equal("high", await LevelAsync(http, agent.NodeId, 27));

        // A second resource on the same pin is refused, naming the first; nothing is stored.
        using (var conflict = await http.PostAsync("/api/v1/gpio", Json($$$"""{"name": "button", "node": {"id": "{{{agent.NodeId}}}"}, "spec": {"pin": "GPIO17", "mode": "input", "pull": "up"}}""")))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("already held by GPIOPin/led", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(["led"], (await http.GetFromJsonAsync<JsonElement>("/api/v1/gpio")).EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        // The agent goes away; the desired state changes while it is gone.
        await agent.StopAsync();
        await hub.WaitForNodeAsync(agent.NodeId, n => !n.GetProperty("connected").GetBoolean(), Converge);
        using (var changed = await http.PutAsync("/api/v1/gpio/led", Json($$$"""{"node": {"id": "{{{agent.NodeId}}}"}, "spec": {"pin": "P11", "mode": "output", "value": "low"}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }
        var offline = await WaitForAsync(http, "/api/v1/gpio/led", r => Is(r, "NodeOffline"), hub, agent);
        Assert.Equal((2L, 1L), (offline.GetProperty("generation").GetInt64(), ObservedGeneration(offline)));

        // Back again: the agent restores its pins (17 high) and the hub sends only the difference.
        agent.Start();
        var converged = await WaitForAsync(http, "/api/v1/gpio/led", r => Is(r, "Applied") && ObservedGeneration(r) == 2, hub, agent);
        Assert.Equal("low", converged.GetProperty("status").GetProperty("observed").GetProperty("value").GetString());
        Assert.Equal("low", await LevelAsync(http, agent.NodeId, 27));

        // Deleting the resource gives the pin back (input, no pull; the agent forgets it); the unmanaged input stays.
        using (var deleted = await http.DeleteAsync("/api/v1/gpio/led"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        var configured = await WaitForPinsAsync(http, agent.NodeId, pins => !pins.Contains(17));
        Assert.Equal([27], configured);
    }

    [Fact]
    public async Task A_resource_moved_to_another_pin_while_the_agent_is_stopped_releases_the_old_pin_when_it_returns()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-res-move");
        using var _ = hub;
        using var __ = agent;
        using var http = hub.Http();
        using (var labelled = await http.PutAsync($"/api/v1/nodes/{agent.NodeId}/labels", Json("""{"labels": {"room": "garage"}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, labelled.StatusCode);
        }
        using (var created = await http.PostAsync("/api/v1/gpio", Json("""{"name": "relay", "node": {"selector": "room=garage"}, "spec": {"pin": "22", "mode": "output", "value": "high"}}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await WaitForAsync(http, "/api/v1/gpio/relay", r => Is(r, "Applied"), hub, agent);

        await agent.StopAsync();
        await hub.WaitForNodeAsync(agent.NodeId, n => !n.GetProperty("connected").GetBoolean(), Converge);
        using (var moved = await http.PutAsync("/api/v1/gpio/relay", Json("""{"node": {"selector": "room=garage"}, "spec": {"pin": "23", "mode": "output", "value": "high"}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        agent.Start();
        var converged = await WaitForAsync(http, "/api/v1/gpio/relay", r => Is(r, "Applied") && ObservedGeneration(r) == 2, hub, agent);
        Assert.Equal(23, converged.GetProperty("status").GetProperty("observed").GetProperty("bcm").GetInt32());
        var configured = await WaitForPinsAsync(http, agent.NodeId, pins => pins.SequenceEqual([23]));
        Assert.Equal([23], configured);
    }

    [Fact]
    public async Task A_selector_that_matches_no_node_is_refused_with_a_problem_and_nothing_is_stored()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-res-none");
        using var _ = hub;
        using var __ = agent;
        using var http = hub.Http();
        using var response = await http.PostAsync("/api/v1/gpio", Json("""{"name": "led", "node": {"selector": "room=attic"}, "spec": {"pin": "17", "mode": "output"}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("matches no node", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/v1/gpio")).GetArrayLength());
    }

    [Fact]
    public async Task Resources_made_with_the_cli_drive_pwm_and_i2c_and_a_pin_the_board_uses_for_i2c_is_a_conflict()
    {
        var (hub, agent) = await AgentInstance.StartWiredAsync("e2e-res-cli");
        using var _ = hub;
        using var __ = agent;
        using var http = hub.Http();

        // A selector on a derived label places the resource on the only simulated node.
        var (code, output) = await hub.CliAsync("create", "gpio", "led", "--selector", "hardware.pi-controller.io/board=sim", "--pin", "17", "--mode", "output", "--value", "high");
        Assert.True(code == 0, output);
        Assert.Contains($"gpiopin/led created on node {agent.NodeId}", output, StringComparison.Ordinal);
        await WaitForAsync(http, "/api/v1/gpio/led", r => Is(r, "Applied"), hub, agent);
        (code, output) = await hub.CliAsync("get", "gpio");
        Assert.True(code == 0, output);
        Assert.Contains("pin 17 output=high  Applied", output, StringComparison.Ordinal);

        // PWM and I2C from a file; a pin the board uses for I2C1 is a Conflict the agent reports.
        var file = Path.Join(agent.DataDirectory, "resources.json");
        await File.WriteAllTextAsync(file, $$$"""
            [
              {"kind": "PWMController", "name": "fan", "node": {"id": "{{{agent.NodeId}}}"}, "spec": {"pin": "18", "frequencyHz": 25000, "dutyPercent": 40}},
              {"kind": "I2CDevice", "name": "climate", "node": {"id": "{{{agent.NodeId}}}"}, "spec": {"bus": 1, "address": "0x76", "device": "bme280", "intervalMs": 200}},
              {"kind": "GPIOPin", "name": "sda", "node": {"id": "{{{agent.NodeId}}}"}, "spec": {"pin": "2", "mode": "output"}}
            ]
            """);
        (code, output) = await hub.CliAsync("apply", "-f", file);
        Assert.True(code == 0, output);
        Assert.Contains("pwmcontroller/fan created", output, StringComparison.Ordinal);
        var fan = await WaitForAsync(http, "/api/v1/pwm/fan", r => Is(r, "Applied"), hub, agent);
        Assert.Equal(40, fan.GetProperty("status").GetProperty("observed").GetProperty("dutyPercent").GetDouble(), 3);
        var climate = await WaitForAsync(http, "/api/v1/i2c/climate",
            r => Is(r, "Applied") && r.GetProperty("status").GetProperty("observed").TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object, hub, agent);
        Assert.True(climate.GetProperty("status").GetProperty("observed").GetProperty("values").GetProperty("temperature_celsius").GetDouble() is > -40 and < 85);
        var sda = await WaitForAsync(http, "/api/v1/gpio/sda", r => Is(r, "Conflict"), hub, agent);
        var conflict = sda.GetProperty("status").GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Conflict");
        Assert.Equal("PinInUse", conflict.GetProperty("reason").GetString());
        Assert.Contains("I2C1 SDA", conflict.GetProperty("message").GetString(), StringComparison.Ordinal);
        (code, output) = await hub.CliAsync("describe", "gpio", "sda");
        Assert.True(code == 0, output);
        Assert.Matches(@"Conflict\s+True\s+PinInUse\s+.*GPIO2 is in use by I2C1 SDA", output);
    }
}
