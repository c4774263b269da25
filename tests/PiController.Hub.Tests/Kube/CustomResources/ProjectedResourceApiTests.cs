using System.Net;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Kube.CustomResources;
using PiController.Hub.Nodes;
using PiController.Hub.Resources;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using ApiV1 = PiController.Protocol.Api;
using Link = PiController.Protocol.Link;

namespace PiController.Hub.Tests.Kube.CustomResources;

/// <summary>
/// A hub resource that projects a managed cluster's custom resource changes only from it: REST, gRPC and the CLI
/// answer 409 naming the custom resource and the kubectl command, and the projection stays as it was.
/// </summary>
public sealed class ProjectedResourceApiTests : IAsyncLifetime
{
    private static readonly CustomResourceSource Source = new("lab", "default", "led");
    private static readonly string HubName = ProjectionNames.Of("lab", "default", "led");
    private InProcessHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _hub.App.Services.GetRequiredService<NodeStore>().RecordHello(
            new Link.Hello { NodeId = "node-a", InstanceId = "instance-a", AgentVersion = "0.1.0", System = new Link.SystemInfo { Hostname = "pi-a" } }, "10.77.0.1");
        var draft = ResourceTypes.Gpio.Draft(new ResourceDocument<GpioSpec>("GPIOPin", HubName, new Dictionary<string, string>(), new NodeTarget(Id: "node-a"),
            new GpioSpec("17", "output", Value: "high")));
        await _hub.App.Services.GetRequiredService<ResourceService>().ProjectAsync(draft, Source, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private ResourceRecord Stored => _hub.App.Services.GetRequiredService<ResourceStore>().Get(ResourceKind.GpioPin, HubName)!;

    [Fact]
    public async Task Rest_put_apply_and_delete_of_a_projection_answer_409_with_the_kubectl_command()
    {
        using var http = _hub.Http(_hub.Token(ApiRole.Operator));
        var body = $$$"""{"name": "{{{HubName}}}", "node": {"id": "node-a"}, "spec": {"pin": "17", "mode": "output", "value": "low"}}""";
        using var put = await http.PutAsync($"/api/v1/gpio/{HubName}", new StringContent(body, Encoding.UTF8, "application/json"));
        using var apply = await http.PostAsync("/api/v1/gpio/apply", new StringContent(body, Encoding.UTF8, "application/json"));
        using var delete = await http.DeleteAsync($"/api/v1/gpio/{HubName}");

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict], [put.StatusCode, apply.StatusCode, delete.StatusCode]);
        Assert.Contains("kubectl -n default edit gpiopin led", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("kubectl -n default edit gpiopin led", await apply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("kubectl -n default delete gpiopin led", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"high\"", Stored.Spec, StringComparison.Ordinal);
        Assert.Equal((1L, Source), (Stored.Generation, Stored.Source));
    }

    [Fact]
    public async Task Grpc_update_and_delete_of_a_projection_fail_the_precondition_naming_the_custom_resource()
    {
        using var channel = _hub.Grpc(_hub.Token(ApiRole.Operator));
        var client = new ApiV1.Resources.ResourcesClient(channel);
        var update = await Assert.ThrowsAsync<RpcException>(() => client.UpdateResourceAsync(new ApiV1.UpdateResourceRequest
        {
            Resource = new ApiV1.Resource { Name = HubName, Node = new ApiV1.NodeTarget { Id = "node-a" }, Gpio = new ApiV1.GpioPinSpec { Pin = "17", Mode = "output", Value = "low" } },
        }).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => client.DeleteResourceAsync(new ApiV1.DeleteResourceRequest { Kind = "gpio", Name = HubName }).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (update.StatusCode, delete.StatusCode));
        Assert.Contains("custom resource gpiopin default/led in cluster lab", update.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("kubectl -n default delete gpiopin led", delete.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(Stored);
    }

    [Fact]
    public async Task Cli_delete_of_a_projection_fails_with_one_line_naming_the_kubectl_command()
    {
        var cli = new HubCli(_hub, _hub.Token(ApiRole.Admin));
        var (code, _, error) = await cli.RunAsync("delete", "gpio", HubName);

        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("kubectl -n default delete gpiopin led", error, StringComparison.Ordinal);
        Assert.NotNull(Stored);
    }

    [Fact]
    public async Task A_hub_resource_on_a_pin_a_projection_holds_is_refused_naming_the_custom_resource()
    {
        using var http = _hub.Http(_hub.Token(ApiRole.Operator));
        using var created = await http.PostAsync("/api/v1/gpio", new StringContent(
            """{"name": "other", "node": {"id": "node-a"}, "spec": {"pin": "GPIO17", "mode": "input"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Contains("the custom resource gpiopin default/led in cluster lab", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_projection_changes_from_its_custom_resource_and_keeps_its_source_across_a_read_from_the_database()
    {
        var resources = _hub.App.Services.GetRequiredService<ResourceService>();
        var draft = ResourceTypes.Gpio.Draft(new ResourceDocument<GpioSpec>("GPIOPin", HubName, new Dictionary<string, string>(), new NodeTarget(Id: "node-a"),
            new GpioSpec("17", "output", Value: "low")));
        var (result, _) = await resources.ProjectAsync(draft, Source, CancellationToken.None);

        Assert.Equal(ApplyResult.Configured, result);
        Assert.Equal((2L, Source), (Stored.Generation, Stored.Source));
        Assert.Equal([HubName], _hub.App.Services.GetRequiredService<ResourceStore>().Projections("lab").Select(r => r.Name));
        var other = await Assert.ThrowsAsync<PiController.Hub.Api.HubException>(() => resources.ProjectAsync(draft, Source with { Cluster = "other" }, CancellationToken.None));
        Assert.Contains("kubectl -n default edit gpiopin led", other.Message, StringComparison.Ordinal);
    }
}
