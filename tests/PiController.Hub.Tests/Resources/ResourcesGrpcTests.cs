using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Nodes;
using PiController.Protocol.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Resources;

/// <summary>picontroller.api.v1.Resources on a real hub: the same rules as REST, with precise status codes.</summary>
public sealed class ResourcesGrpcTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private GrpcChannel _channel = null!;
    private PiController.Protocol.Api.Resources.ResourcesClient _client = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _hub.App.Services.GetRequiredService<NodeStore>().RecordHello(
            new Hello { NodeId = "node-a", InstanceId = "instance-a", AgentVersion = "0.1.0", System = new Protocol.Link.SystemInfo { Hostname = "pi-a" } }, "10.77.0.1");
        _channel = _hub.Grpc(_hub.Token("operator"));
        _client = new PiController.Protocol.Api.Resources.ResourcesClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _hub.DisposeAsync();
    }

    private static Resource Led(string name, string pin) => new()
    {
        Name = name,
        Node = new NodeTarget { Id = "node-a" },
        Gpio = new GpioPinSpec { Pin = pin, Mode = "output", Value = "high" },
    };

    [Fact]
    public async Task A_resource_created_over_grpc_is_listed_with_its_kind_spec_and_assigned_node()
    {
        var created = await _client.CreateResourceAsync(new CreateResourceRequest { Resource = Led("led", "P11") });
        Assert.Equal(("GPIOPin", 1L, "node-a"), (created.Kind, created.Generation, created.Status.Node));
        var listed = await _client.ListResourcesAsync(new ListResourcesRequest { Kind = "gpio", NodeId = "node-a" });
        var only = Assert.Single(listed.Resources);
        Assert.Equal(("led", "P11", "high"), (only.Name, only.Gpio.Pin, only.Gpio.Value));
    }

    [Fact]
    public async Task Errors_map_to_invalid_argument_failed_precondition_already_exists_and_not_found()
    {
        await _client.CreateResourceAsync(new CreateResourceRequest { Resource = Led("led", "17") });

        var invalid = await Assert.ThrowsAsync<RpcException>(() => _client.CreateResourceAsync(new CreateResourceRequest
        {
            Resource = new Resource { Name = "fan", Node = new NodeTarget { Id = "node-a" }, Pwm = new PwmControllerSpec { Pin = "18", FrequencyHz = 0, DutyPercent = 50 } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("spec.frequencyHz", invalid.Status.Detail, StringComparison.Ordinal);

        var conflict = await Assert.ThrowsAsync<RpcException>(() => _client.CreateResourceAsync(new CreateResourceRequest { Resource = Led("other", "GPIO17") }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, conflict.StatusCode);
        Assert.Contains("GPIOPin/led", conflict.Status.Detail, StringComparison.Ordinal);

        var taken = await Assert.ThrowsAsync<RpcException>(() => _client.CreateResourceAsync(new CreateResourceRequest { Resource = Led("led", "22") }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);

        var missing = await Assert.ThrowsAsync<RpcException>(() => _client.DeleteResourceAsync(new DeleteResourceRequest { Kind = "GPIOPin", Name = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, _hub.Database.Long("SELECT COUNT(*) FROM resources"));
    }

    [Fact]
    public async Task An_update_without_a_node_keeps_the_resource_where_it_is_and_bumps_the_generation()
    {
        await _client.CreateResourceAsync(new CreateResourceRequest { Resource = Led("led", "17") });
        var update = Led("led", "17");
        update.Node = null;
        update.Gpio.Value = "low";
        var updated = await _client.UpdateResourceAsync(new UpdateResourceRequest { Resource = update });
        Assert.Equal((2L, "node-a", "low"), (updated.Generation, updated.Node.Id, updated.Gpio.Value));
    }

    [Fact]
    public async Task Apply_over_grpc_says_created_unchanged_configured_and_a_dry_run_stores_nothing()
    {
        var dry = await _client.ApplyResourceAsync(new ApplyResourceRequest { Resource = Led("led", "17"), DryRun = true });
        Assert.Equal(("created", "node-a"), (dry.Result, dry.Resource.Status.Node));
        Assert.Equal(0, _hub.Database.Long("SELECT COUNT(*) FROM resources"));

        var created = await _client.ApplyResourceAsync(new ApplyResourceRequest { Resource = Led("led", "17") });
        var unchanged = await _client.ApplyResourceAsync(new ApplyResourceRequest { Resource = Led("led", "17") });
        var changed = Led("led", "17");
        changed.Gpio.Value = "low";
        var configuredDry = await _client.ApplyResourceAsync(new ApplyResourceRequest { Resource = changed, DryRun = true });
        var stored = await _client.GetResourceAsync(new GetResourceRequest { Kind = "gpio", Name = "led" });
        var configured = await _client.ApplyResourceAsync(new ApplyResourceRequest { Resource = changed });

        Assert.Equal(("created", 1L), (created.Result, created.Resource.Generation));
        Assert.Equal(("unchanged", 1L), (unchanged.Result, unchanged.Resource.Generation));
        Assert.Equal(("configured", 2L, "low"), (configuredDry.Result, configuredDry.Resource.Generation, configuredDry.Resource.Gpio.Value));
        Assert.Equal((1L, "high"), (stored.Generation, stored.Gpio.Value));
        Assert.Equal(("configured", 2L), (configured.Result, configured.Resource.Generation));
        var createDry = await _client.CreateResourceAsync(new CreateResourceRequest { Resource = Led("other", "27"), DryRun = true });
        Assert.Equal("other", createDry.Name);
        Assert.Equal(1, _hub.Database.Long("SELECT COUNT(*) FROM resources"));
    }
}
