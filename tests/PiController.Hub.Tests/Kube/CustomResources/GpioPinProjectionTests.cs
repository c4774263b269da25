using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Kube.CustomResources;
using PiController.Hub.Resources;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using static PiController.Hub.Tests.Kube.CustomResources.CustomResourceLab;

namespace PiController.Hub.Tests.Kube.CustomResources;

/// <summary>
/// A GPIOPin in a managed cluster (the API double) drives the pin of the node it names through the hub's reconciler
/// (a scripted agent), and its status says what the hub observed.
/// </summary>
public sealed class GpioPinProjectionTests : IAsyncLifetime
{
    private CustomResourceLab _lab = null!;

    public async Task InitializeAsync() => _lab = await CustomResourceLab.StartAsync();

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private static string Led(string name, object pin, string value, string mode = "output") => $$$"""
        {"apiVersion": "hardware.pi-controller.io/v1", "kind": "GPIOPin", "metadata": {"name": "{{{name}}}", "namespace": "default"},
         "spec": {"node": "{{{KubeNode}}}", "pin": {{{(pin is string s ? $"\"{s}\"" : pin)}}}, "mode": "{{{mode}}}"{{{(value.Length > 0 ? $", \"value\": \"{value}\"" : "")}}}}}
        """;

    private bool PinHigh(uint bcm) => _lab.Agent!.Pins.TryGetValue(bcm, out var pin) && pin.Mode == GpioMode.Output && pin.High;

    [Fact]
    public async Task The_hub_installs_the_three_definitions_established_when_it_manages_the_cluster()
    {
        foreach (var crd in CrdManifests.All)
        {
            var stored = await _lab.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{crd.Name}");
            Assert.NotNull(stored);
            Assert.Contains(stored!["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "True");
        }
    }

    [Fact]
    public async Task A_gpiopin_drives_the_pin_high_holds_the_finalizer_and_reports_applied_at_its_generation()
    {
        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), Led("led", 17, "high"));

        var cr = await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Applied") == "True" && ObservedGeneration(c) == Generation(c), "Applied at generation 1");
        Assert.True(PinHigh(17));
        Assert.Equal(("output high", "output high"), (cr["status"]!["desired"]!.GetValue<string>(), cr["status"]!["observed"]!.GetValue<string>()));
        Assert.Equal((NodeId, ProjectionNames.Of(Cluster, "default", "led")), (cr["status"]!["hubNode"]!.GetValue<string>(), cr["status"]!["hubResource"]!.GetValue<string>()));
        Assert.Contains(CustomResourceKinds.Finalizer, cr["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        var projection = _lab.Hub.App.Services.GetRequiredService<ResourceStore>().Get(ResourceKind.GpioPin, ProjectionNames.Of(Cluster, "default", "led"));
        Assert.Equal(new CustomResourceSource(Cluster, "default", "led"), projection!.Source);
    }

    [Fact]
    public async Task Changing_the_spec_makes_the_pin_follow_and_the_status_answer_the_new_generation()
    {
        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), Led("led", "GPIO17", "high"));
        await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Applied") == "True" && ObservedGeneration(c) == 1, "Applied at generation 1");

        await _lab.SendAsync(HttpMethod.Patch, Path("gpiopins", "led"), """{"spec": {"value": "low"}}""", "application/merge-patch+json");

        var cr = await _lab.StatusAsync(Path("gpiopins", "led"), c => ObservedGeneration(c) == 2 && Condition(c, "Applied") == "True", "Applied at generation 2");
        Assert.False(PinHigh(17));
        Assert.Equal("output low", cr["status"]!["observed"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_gpiopin_holds_it_until_the_agent_released_the_pin()
    {
        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), Led("led", 17, "high"));
        await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Applied") == "True", "Applied");
        await _lab.DisconnectAgentAsync();

        await _lab.SendAsync(HttpMethod.Delete, Path("gpiopins", "led"));

        var held = await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Applied", "reason") == "Releasing", "the object held while the pin is not released");
        Assert.Contains("waiting for the agent of node node-a to release the pin", Condition(held, "Applied", "message"), StringComparison.Ordinal);
        Assert.NotNull(held["metadata"]!["deletionTimestamp"]);

        _lab.ConnectAgent();
        await Eventually.TrueAsync(async () => await _lab.GetAsync(Path("gpiopins", "led")) is null, Patience, "the object gone once the pin is released");
        Assert.Contains(_lab.Agent!.Received, c => c.OpCase == Command.OpOneofCase.GpioRelease && c.GpioRelease.Pin == "17");
        Assert.Null(_lab.Hub.App.Services.GetRequiredService<ResourceStore>().Get(ResourceKind.GpioPin, ProjectionNames.Of(Cluster, "default", "led")));
    }

    [Fact]
    public async Task A_pin_in_use_on_the_node_gives_the_condition_conflict_and_a_warning_event_on_the_object()
    {
        _lab.Agent!.Refuse("17", CommandError.Types.Code.FailedPrecondition, "GPIO17 is in use by another process (gpioset); stop it or use another pin", CommandError.Types.Reason.Conflict);

        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), Led("led", 17, "high"));

        var cr = await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Conflict") == "True", "Conflict");
        Assert.Equal("False", Condition(cr, "Applied"));
        Assert.Contains("in use by another process", Condition(cr, "Conflict", "message"), StringComparison.Ordinal);
        JsonNode? warning = null;
        await Eventually.TrueAsync(async () =>
        {
            var events = await _lab.GetAsync("/api/v1/namespaces/default/events");
            warning = events!["items"]!.AsArray().FirstOrDefault(e => e!["involvedObject"]!["name"]!.GetValue<string>() == "led");
            return warning is not null;
        }, Patience, "a Warning event on the GPIOPin");
        Assert.Equal(("Warning", "GPIOPin", cr["metadata"]!["uid"]!.GetValue<string>()),
            (warning!["type"]!.GetValue<string>(), warning["involvedObject"]!["kind"]!.GetValue<string>(), warning["involvedObject"]!["uid"]!.GetValue<string>()));
        Assert.Contains("in use by another process", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, warning["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_pin_the_schema_allows_but_the_hub_refuses_gets_the_condition_invalid_with_the_hubs_message()
    {
        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), Led("eeprom", 0, "high"));

        var cr = await _lab.StatusAsync(Path("gpiopins", "eeprom"), c => Condition(c, "Invalid") == "True", "Invalid");
        Assert.Contains("GPIO0 is reserved for the HAT identification EEPROM", Condition(cr, "Invalid", "message"), StringComparison.Ordinal);
        Assert.Equal(Generation(cr), ObservedGeneration(cr));
        Assert.Null(_lab.Hub.App.Services.GetRequiredService<ResourceStore>().Get(ResourceKind.GpioPin, ProjectionNames.Of(Cluster, "default", "eeprom")));
    }

    [Fact]
    public async Task A_spec_the_schema_refuses_is_answered_422_by_the_api_before_the_hub_sees_it()
    {
        using var response = await _lab.Kube.PostAsync(Path("gpiopins"), new StringContent(Led("led", 28, "high"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("spec.pin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_the_projection_through_the_hub_api_answers_409_with_the_kubectl_command()
    {
        await _lab.SendAsync(HttpMethod.Post, Path("gpiopins"), Led("led", 17, "high"));
        await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Applied") == "True", "Applied");
        var hubName = ProjectionNames.Of(Cluster, "default", "led");

        using var http = _lab.Hub.Http(_lab.Hub.Token(ApiRole.Operator));
        using var delete = await http.DeleteAsync($"/api/v1/gpio/{hubName}");

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("kubectl -n default delete gpiopin led", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(PinHigh(17));
    }
}
