using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Nodes;
using PiController.Protocol.Api;
using Link = PiController.Protocol.Link;

namespace PiController.Hub.Tests.Nodes;

/// <summary>
/// The node operations over REST and gRPC on a real hub: the same service behind both, so the same refusal reads
/// the same on each edge (problem details with the kind's status and title; the kind's gRPC status), and the
/// gRPC side offers what REST offers.
/// </summary>
public sealed class NodesApiTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private HttpClient _http = null!;
    private GrpcChannel _channel = null!;
    private Protocol.Api.Nodes.NodesClient _nodes = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        var store = _hub.App.Services.GetRequiredService<NodeStore>();
        store.RecordHello(new Link.Hello { NodeId = "node-a", InstanceId = "instance-a", AgentVersion = "0.1.0", System = new Link.SystemInfo { Hostname = "pi-a", Board = "sim" } }, "10.77.0.1");
        store.RecordHardware("node-a", new Link.HardwareReport
        {
            Simulated = true,
            Board = new Link.BoardIdentity { RaspberryPi = true, BoardType = "4B", RevisionCode = 0xc03114 },
            GpioChips = { new Link.GpioChip { Name = "gpiochip0", LineCount = 58, Lines = { new Link.GpioLine { Offset = 17, Name = "GPIO17" } } } },
            I2CBuses = { new Link.I2cBus { Bus = 1 } },
            Throttling = new Link.ThrottleState { Raw = 0x50000, UnderVoltageOccurred = true },
        });
        var admin = _hub.Token("admin");
        _http = _hub.Http(admin);
        _channel = GrpcChannel.ForAddress($"https://127.0.0.1:{_hub.Options.Port}", new GrpcChannelOptions { HttpClient = _hub.Http(admin) });
        _nodes = new Protocol.Api.Nodes.NodesClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_node_is_not_found_with_the_same_message_over_REST_and_gRPC()
    {
        using var response = await _http.GetAsync("/api/v1/nodes/ghost");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await _nodes.GetNodeAsync(new GetNodeRequest { NodeId = "ghost" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("Not found", 404), (problem.GetProperty("title").GetString(), problem.GetProperty("status").GetInt32()));
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Equal(problem.GetProperty("detail").GetString(), refused.Status.Detail);
        Assert.Contains("pi-controller nodes ls", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_revoke_and_approve_refuse_an_unknown_node_or_key_alike_over_REST_and_gRPC()
    {
        using var delete = await _http.DeleteAsync("/api/v1/nodes/ghost");
        using var revoke = await _http.PostAsync("/api/v1/nodes/ghost/revoke", null);
        using var approve = await _http.PostAsJsonAsync("/api/v1/nodes/ghost/approve", new { publicKeySha256 = "xyz" });

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (delete.StatusCode, revoke.StatusCode, approve.StatusCode));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await _nodes.DeleteNodeAsync(new DeleteNodeRequest { NodeId = "ghost" }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await _nodes.RevokeNodeAsync(new RevokeNodeRequest { NodeId = "ghost" }))).StatusCode);
        var badKey = await Assert.ThrowsAsync<RpcException>(async () => await _nodes.ApproveNodeAsync(new ApproveNodeRequest { NodeId = "ghost", PublicKeySha256 = "xyz" }));
        Assert.Equal(StatusCode.InvalidArgument, badKey.StatusCode);
        Assert.Contains("hex digits", badKey.Status.Detail, StringComparison.Ordinal);
        var nothingWaiting = await Assert.ThrowsAsync<RpcException>(async () => await _nodes.ApproveNodeAsync(new ApproveNodeRequest { NodeId = "node-a", PublicKeySha256 = new string('a', 16) }));
        Assert.Equal(StatusCode.NotFound, nothingWaiting.StatusCode);
        Assert.Contains("no enrollment request is waiting", nothingWaiting.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _nodes.ListEnrollmentsAsync(new ListEnrollmentsRequest())).Enrollments);
    }

    [Fact]
    public async Task The_hardware_report_is_the_same_over_REST_and_gRPC_in_the_public_API_s_own_message()
    {
        var text = await _http.GetStringAsync("/api/v1/nodes/node-a/hardware");
        var rest = JsonDocument.Parse(text).RootElement;
        var report = await _nodes.GetNodeHardwareAsync(new GetNodeHardwareRequest { NodeId = "node-a" });

        Assert.Equal(text, Google.Protobuf.JsonFormatter.Default.Format(report));
        Assert.Equal(("4B", 12595476u, "GPIO17", true), (report.Board.BoardType, report.Board.RevisionCode, report.GpioChips[0].Lines[0].Name, report.Throttling.UnderVoltageOccurred));
        Assert.False(report.Board.HasSerial);
        Assert.Equal("gpiochip0", rest.GetProperty("gpioChips")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Labels_set_over_gRPC_are_read_over_REST_and_the_same_refusals_apply()
    {
        var updated = await _nodes.UpdateNodeLabelsAsync(new UpdateNodeLabelsRequest { NodeId = "node-a", Set = { ["room"] = "garage", ["rack"] = "2" } });
        Assert.Equal("garage", updated.Labels["room"]);
        Assert.Equal("4B", updated.Derived["hardware.pi-controller.io/model"]);

        var removed = await _nodes.UpdateNodeLabelsAsync(new UpdateNodeLabelsRequest { NodeId = "node-a", Remove = { "rack" } });
        Assert.False(removed.Labels.ContainsKey("rack"));
        var replaced = await _nodes.ReplaceNodeLabelsAsync(new ReplaceNodeLabelsRequest { NodeId = "node-a", Labels = { ["zone"] = "north" } });
        Assert.Equal(["zone"], replaced.Labels.Keys);
        var rest = await _http.GetFromJsonAsync<JsonElement>("/api/v1/nodes/node-a/labels");
        Assert.Equal("north", rest.GetProperty("labels").GetProperty("zone").GetString());

        var reserved = await Assert.ThrowsAsync<RpcException>(async () => await _nodes.UpdateNodeLabelsAsync(
            new UpdateNodeLabelsRequest { NodeId = "node-a", Set = { ["pi-controller.io/hostname"] = "x" } }));
        Assert.Equal(StatusCode.InvalidArgument, reserved.StatusCode);
        using var restReserved = await _http.PatchAsJsonAsync("/api/v1/nodes/node-a/labels", new { labels = new Dictionary<string, string> { ["pi-controller.io/hostname"] = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, restReserved.StatusCode);
        Assert.Equal(reserved.Status.Detail, (await restReserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await _nodes.GetNodeLabelsAsync(new GetNodeLabelsRequest { NodeId = "ghost" }))).StatusCode);
    }

    [Fact]
    public async Task A_ping_out_of_range_is_refused_with_the_same_message_over_REST_and_gRPC()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/nodes/node-a/ping", new { count = 5000 });
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await _nodes.PingNodeAsync(new PingNodeRequest { NodeId = "node-a", Count = 5000 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        Assert.Equal("count must be between 1 and 1000, got 5000", grpc.Status.Detail);
        Assert.Equal(grpc.Status.Detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_node_that_is_not_connected_is_unavailable_titled_node_offline()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/nodes/node-a/ping", new { count = 1 });
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await _nodes.PingNodeAsync(new PingNodeRequest { NodeId = "node-a", Count = 1 }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Node offline", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.Contains("node node-a is not connected", grpc.Status.Detail, StringComparison.Ordinal);
    }
}
