using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Nodes;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Resources;

/// <summary>The REST resource collections on a real hub: bad input gets a problem document saying what is wrong, and stores nothing.</summary>
public sealed class ResourcesApiTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _http = _hub.Http(_hub.Token("operator"));
        var nodes = _hub.App.Services.GetRequiredService<NodeStore>();
        foreach (var (id, hostname) in new[] { ("node-a", "pi-garage"), ("node-b", "pi-porch") })
        {
            nodes.RecordHello(new Hello { NodeId = id, InstanceId = id + "-instance", AgentVersion = "0.1.0", System = new SystemInfo { Hostname = hostname, Architecture = "linux-arm64" } }, "10.77.0.1");
            nodes.RecordDisconnect(id);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    private long Stored => _hub.Database.Long("SELECT COUNT(*) FROM resources");

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<string> ProblemAsync(string path, string json, HttpStatusCode expected)
    {
        var (status, body) = await PostAsync(path, json);
        Assert.Equal(expected, status);
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        return body.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Malformed_json_is_answered_with_a_problem_naming_the_place_and_nothing_is_stored()
    {
        var detail = await ProblemAsync("/api/v1/gpio", """{"name": "led", "spec": {"pin": "17",""", HttpStatusCode.BadRequest);
        Assert.StartsWith("malformed JSON at", detail, StringComparison.Ordinal);
        Assert.Equal(0, Stored);
    }

    [Fact]
    public async Task An_unknown_field_is_named_and_nothing_is_stored()
    {
        var detail = await ProblemAsync("/api/v1/gpio",
            """{"name": "led", "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output", "colour": "red"}}""", HttpStatusCode.BadRequest);
        Assert.Equal("unknown field $.spec.colour; check its spelling against the documented fields", detail);
        Assert.Equal(0, Stored);
    }

    [Fact]
    public async Task An_invalid_spec_names_each_wrong_field_and_nothing_is_stored()
    {
        var detail = await ProblemAsync("/api/v1/pwm",
            """{"name": "fan", "node": {"id": "node-a"}, "spec": {"pin": "18", "frequencyHz": 25000, "dutyPercent": 140}}""", HttpStatusCode.BadRequest);
        Assert.Equal("spec.dutyPercent must be 0-100, got 140", detail);
        detail = await ProblemAsync("/api/v1/gpio",
            """{"name": "Led!", "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output", "pull": "up"}}""", HttpStatusCode.BadRequest);
        Assert.Contains("must be a DNS label", detail, StringComparison.Ordinal);
        Assert.Contains("spec.pull applies to inputs only", detail, StringComparison.Ordinal);
        Assert.Equal(0, Stored);
    }

    [Fact]
    public async Task A_selector_that_matches_no_node_or_several_is_refused_listing_the_matches_and_nothing_is_stored()
    {
        var none = await ProblemAsync("/api/v1/gpio",
            """{"name": "led", "node": {"selector": "room=attic"}, "spec": {"pin": "17", "mode": "output"}}""", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("node.selector \"room=attic\" matches no node", none, StringComparison.Ordinal);
        var several = await ProblemAsync("/api/v1/gpio",
            """{"name": "led", "node": {"selector": "hardware.pi-controller.io/arch=arm64"}, "spec": {"pin": "17", "mode": "output"}}""", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("matches 2 nodes (node-a, node-b)", several, StringComparison.Ordinal);
        Assert.Equal(0, Stored);
    }

    [Fact]
    public async Task A_selector_on_a_label_set_on_one_node_places_the_resource_there()
    {
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/nodes/node-b/labels") { Content = new StringContent("""{"labels": {"room": "porch"}}""", Encoding.UTF8, "application/json") };
        using (var labelled = await _http.SendAsync(patch))
        {
            Assert.Equal(HttpStatusCode.OK, labelled.StatusCode);
        }
        var (status, body) = await PostAsync("/api/v1/gpio", """{"name": "porch-light", "node": {"selector": "room=porch"}, "spec": {"pin": "17", "mode": "output", "value": "high"}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("node-b", body.GetProperty("status").GetProperty("node").GetString());
        Assert.Equal("room=porch", body.GetProperty("node").GetProperty("selector").GetString());
        Assert.Equal(1, body.GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task A_label_under_a_derived_prefix_cannot_be_set_on_a_node()
    {
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/nodes/node-a/labels")
        {
            Content = new StringContent("""{"labels": {"hardware.pi-controller.io/model": "5"}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(patch);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _hub.Database.Long("SELECT COUNT(*) FROM node_labels"));
    }

    [Fact]
    public async Task A_second_resource_on_a_held_pin_gets_409_naming_the_first_and_a_conflict_event()
    {
        var (created, _) = await PostAsync("/api/v1/gpio", """{"name": "led", "node": {"id": "node-a"}, "spec": {"pin": "GPIO18", "mode": "output"}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var detail = await ProblemAsync("/api/v1/pwm",
            """{"name": "fan", "node": {"id": "node-a"}, "spec": {"pin": "P12", "frequencyHz": 25000, "dutyPercent": 40}}""", HttpStatusCode.Conflict);
        Assert.Contains("GPIO18 on node node-a is already held by GPIOPin/led", detail, StringComparison.Ordinal);
        Assert.Equal(1, Stored);
        var payload = await EventPayloadAsync("resource.conflict");
        Assert.Equal(("PWMController", "fan", "GPIOPin", "led"), (payload.GetProperty("kind").GetString(), payload.GetProperty("name").GetString(),
            payload.GetProperty("conflictingKind").GetString(), payload.GetProperty("conflictingName").GetString()));
    }

    [Fact]
    public async Task An_update_bumps_the_generation_and_a_delete_leaves_the_release_owed_to_the_offline_node()
    {
        await PostAsync("/api/v1/gpio", """{"name": "led", "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output"}}""");
        using var put = await _http.PutAsync("/api/v1/gpio/led", new StringContent("""{"node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output", "value": "high"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(2, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("generation").GetInt64());
        using var delete = await _http.DeleteAsync("/api/v1/gpio/led");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(["gpio17"], _hub.Database.Strings("SELECT claim FROM resource_releases WHERE node_id = 'node-a'"));
        using var missing = await _http.GetAsync("/api/v1/gpio/led");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_viewer_may_list_resources_but_not_create_them()
    {
        using var viewer = _hub.Http(_hub.Token("viewer"));
        using var list = await viewer.GetAsync("/api/v1/i2c");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var create = await viewer.PostAsync("/api/v1/i2c", new StringContent("""{"name": "climate", "node": {"id": "node-a"}, "spec": {"bus": 1, "address": "0x76", "device": "bme280"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(0, Stored);
    }

    private async Task<JsonElement> EventPayloadAsync(string type)
    {
        // The bus stores events from its own writer task; wait for it, bounded.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_hub.Database.Strings($"SELECT payload FROM events WHERE type = '{type}'") is [var payload, ..])
            {
                return JsonDocument.Parse(payload).RootElement;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"no {type} event was stored");
    }

    [Theory]
    [InlineData("gpio/P11/write", """{"value": "low"}""")]
    [InlineData("gpio/GPIO17/config", """{"mode": "input"}""")]
    [InlineData("gpio/17/toggle", "{}")]
    [InlineData("gpio/batch", """{"ops": [{"pin": "27"}, {"pin": "17", "write": "high"}]}""")]
    public async Task The_direct_api_cannot_change_a_pin_a_resource_manages_and_names_the_resource(string path, string json)
    {
        var (created, _) = await PostAsync("/api/v1/gpio", """{"name": "led", "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output", "value": "high"}}""");
        Assert.Equal(HttpStatusCode.Created, created);

        var detail = await ProblemAsync($"/api/v1/nodes/node-a/{path}", json, HttpStatusCode.Conflict);

        Assert.Contains("GPIO17 on node node-a is managed by GPIOPin/led", detail, StringComparison.Ordinal);
        // The same pin on another node is no resource's: refused only because that node is offline.
        await ProblemAsync($"/api/v1/nodes/node-b/{path}", json, HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData("i2c/1/0x76/transfer", """{"write": "0xd0", "readLength": 1}""")]
    [InlineData("i2c/1/0x76/read?device=bmp280", "{}")]
    [InlineData("i2c/1/118/read?device=bme280", "{}")]
    public async Task The_direct_api_cannot_talk_to_an_i2c_device_a_resource_manages_and_names_the_resource(string path, string json)
    {
        var (created, _) = await PostAsync("/api/v1/i2c", """{"name": "climate", "node": {"id": "node-a"}, "spec": {"bus": 1, "address": "0x76", "device": "bme280"}}""");
        Assert.Equal(HttpStatusCode.Created, created);

        var detail = await ProblemAsync($"/api/v1/nodes/node-a/{path}", json, HttpStatusCode.Conflict);

        Assert.Contains("I2C bus 1 address 0x76 on node node-a is managed by I2CDevice/climate", detail, StringComparison.Ordinal);
        await ProblemAsync($"/api/v1/nodes/node-b/{path}", json, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Apply_over_rest_answers_its_result_and_a_dry_run_value_other_than_All_is_refused()
    {
        const string led = """{"kind": "GPIOPin", "name": "led", "node": {"selector": "pi-controller.io/hostname=pi-garage"}, "spec": {"pin": "17", "mode": "input"}}""";
        var bad = await ProblemAsync("/api/v1/gpio/apply?dryRun=yes", led, HttpStatusCode.BadRequest);
        Assert.StartsWith("dryRun must be All", bad, StringComparison.Ordinal);

        var (status, body) = await PostAsync("/api/v1/gpio/apply?dryRun=All", led);
        Assert.Equal((HttpStatusCode.OK, "created"), (status, body.GetProperty("result").GetString()));
        Assert.Equal(0, Stored);
        Assert.Equal("created", (await PostAsync("/api/v1/gpio/apply", led)).Body.GetProperty("result").GetString());
        Assert.Equal("unchanged", (await PostAsync("/api/v1/gpio/apply", led)).Body.GetProperty("result").GetString());
        var moved = led.Replace("\"17\"", "\"27\"", StringComparison.Ordinal);
        var configured = (await PostAsync("/api/v1/gpio/apply", moved)).Body;
        Assert.Equal(("configured", 2), (configured.GetProperty("result").GetString(), configured.GetProperty("resource").GetProperty("generation").GetInt32()));
    }
}
