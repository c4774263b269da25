using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using PiController.Protocol.Api;

namespace PiController.Hub.Tests.Audit;

public sealed class AuditTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private string _adminToken = "";
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _adminToken = _hub.Token(ApiRole.Admin);
        _admin = _hub.Http(_adminToken);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Every_REST_change_is_recorded_with_who_what_and_result_and_reads_are_not()
    {
        var adminId = ApiTokenStore.IdOf(_adminToken);
        var viewerToken = _hub.Token(ApiRole.Viewer);
        using var viewer = _hub.Http(viewerToken);
        using var anonymous = _hub.Http();

        using var created = await _admin.PostAsJsonAsync("/api/v1/tokens", new { description = "rack 1" });
        var tokenId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await viewer.DeleteAsync($"/api/v1/tokens/{tokenId}");
        await anonymous.PostAsJsonAsync("/api/v1/api-tokens", new { name = "x", role = "admin" });
        await _admin.DeleteAsync("/api/v1/nodes/ghost");
        await _admin.GetAsync("/api/v1/nodes");
        await viewer.GetAsync("/api/v1/tokens");

        var entries = await WaitForEntriesAsync(4);

        Assert.Collection(entries.AsEnumerable().Reverse(),
            e => Assert.Equal(($"token:{adminId} (test admin)", "POST /api/v1/tokens", $"id={tokenId}", 201, AuditEntry.Ok), Key(e)),
            e => Assert.Equal(($"token:{ApiTokenStore.IdOf(viewerToken)} (test viewer)", "DELETE /api/v1/tokens/{id}", $"id={tokenId}", 403, AuditEntry.Refused), Key(e)),
            e => Assert.Equal(("anonymous", "POST /api/v1/api-tokens", "", 401, AuditEntry.Refused), Key(e)),
            e => Assert.Equal(($"token:{adminId} (test admin)", "DELETE /api/v1/nodes/{nodeId}", "nodeId=ghost", 404, AuditEntry.Failed), Key(e)));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.SourceAddress));
        Assert.All(entries, e => Assert.InRange(e.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task gRPC_changes_are_recorded_with_their_node_and_gRPC_status_and_read_only_calls_are_not()
    {
        var operatorToken = _hub.Token(ApiRole.Operator);
        using var channel = Channel(operatorToken);
        using var viewerChannel = Channel(_hub.Token(ApiRole.Viewer));
        var nodes = new Protocol.Api.Nodes.NodesClient(channel);

        await nodes.ListNodesAsync(new ListNodesRequest());
        await Assert.ThrowsAsync<RpcException>(async () => await nodes.GetNodeAsync(new GetNodeRequest { NodeId = "ghost" }));
        await Assert.ThrowsAsync<RpcException>(async () => await nodes.PingNodeAsync(new PingNodeRequest { NodeId = "ghost", Count = 1 }));
        await Assert.ThrowsAsync<RpcException>(async () => await new Protocol.Api.Nodes.NodesClient(viewerChannel).PingNodeAsync(new PingNodeRequest { NodeId = "pi-7" }));

        var entries = await WaitForEntriesAsync(2);

        var ping = entries[1];
        Assert.Equal(($"token:{ApiTokenStore.IdOf(operatorToken)} (test operator)", "gRPC picontroller.api.v1.Nodes/PingNode", "node_id=ghost", 200, AuditEntry.Failed), Key(ping));
        Assert.Equal((int)StatusCode.NotFound, ping.GrpcStatus);
        // A gRPC refusal is a trailers-only gRPC answer: HTTP 200, PERMISSION_DENIED.
        Assert.Equal(("gRPC picontroller.api.v1.Nodes/PingNode", 200, (int?)StatusCode.PermissionDenied, AuditEntry.Refused),
            (entries[0].Action, entries[0].Status, entries[0].GrpcStatus, entries[0].Result));
    }

    [Fact]
    public async Task A_typed_i2c_read_writes_to_the_chip_so_a_viewer_is_refused_and_every_attempt_is_recorded()
    {
        var viewerToken = _hub.Token(ApiRole.Viewer);
        var operatorToken = _hub.Token(ApiRole.Operator);
        using var viewer = _hub.Http(viewerToken);
        using var @operator = _hub.Http(operatorToken);
        using var viewerChannel = Channel(viewerToken);
        var read = new ReadI2cDeviceRequest { NodeId = "ghost", Bus = 1, Address = 0x20, Device = "ads1115" };

        using var refused = await viewer.PostAsync("/api/v1/nodes/ghost/i2c/1/0x20/read?device=ads1115", null);
        var grpcRefused = await Assert.ThrowsAsync<RpcException>(async () => await new Protocol.Api.Hardware.HardwareClient(viewerChannel).ReadI2cDeviceAsync(read));
        using var tried = await @operator.PostAsync("/api/v1/nodes/ghost/i2c/1/0x20/read?device=ads1115", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, grpcRefused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tried.StatusCode);
        var entries = await WaitForEntriesAsync(3);
        Assert.Collection(entries.AsEnumerable().Reverse(),
            e => Assert.Equal(($"token:{ApiTokenStore.IdOf(viewerToken)} (test viewer)", "POST /api/v1/nodes/{nodeId}/i2c/{bus}/{address}/read", "nodeId=ghost, bus=1, address=0x20", 403, AuditEntry.Refused), Key(e)),
            e => Assert.Equal(($"token:{ApiTokenStore.IdOf(viewerToken)} (test viewer)", "gRPC picontroller.api.v1.Hardware/ReadI2cDevice", (int?)StatusCode.PermissionDenied, AuditEntry.Refused), (e.Actor, e.Action, e.GrpcStatus, e.Result)),
            e => Assert.Equal(($"token:{ApiTokenStore.IdOf(operatorToken)} (test operator)", "POST /api/v1/nodes/{nodeId}/i2c/{bus}/{address}/read", "nodeId=ghost, bus=1, address=0x20", 404, AuditEntry.Failed), Key(e)));
    }

    [Fact]
    public async Task The_log_is_queried_newest_first_with_a_limit_and_a_start_time_by_admins_only()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 3; i++)
        {
            await _admin.PostAsJsonAsync("/api/v1/tokens", new { description = $"t{i}" });
        }
        await WaitForEntriesAsync(3);

        var two = await _admin.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?limit=2");
        Assert.Equal(2, two!.Length);
        Assert.True(two[0].GetProperty("id").GetInt64() > two[1].GetProperty("id").GetInt64());
        Assert.Empty((await _admin.GetFromJsonAsync<JsonElement[]>($"/api/v1/audit?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"))!);
        Assert.Equal(3, (await _admin.GetFromJsonAsync<JsonElement[]>($"/api/v1/audit?since={Uri.EscapeDataString(before.ToString("O"))}"))!.Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/v1/audit?limit=0")).StatusCode);
        using var @operator = _hub.Http(_hub.Token(ApiRole.Operator));
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.GetAsync("/api/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task No_request_body_and_so_no_secret_reaches_the_log()
    {
        using var created = await _admin.PostAsJsonAsync("/api/v1/api-tokens", new { name = "do-not-store-me", role = "viewer" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        var entry = Assert.Single(await WaitForEntriesAsync(1));

        var row = string.Join('|', entry.Actor, entry.Action, entry.Target);
        Assert.DoesNotContain("do-not-store-me", row, StringComparison.Ordinal);
        Assert.DoesNotContain(token[(token.IndexOf('_', 4) + 1)..], row, StringComparison.Ordinal);
        Assert.Equal($"id={ApiTokenStore.IdOf(token)}", entry.Target);
    }

    private GrpcChannel Channel(string token) =>
        _hub.Grpc(token);

    private static (string Actor, string Action, string Target, int Status, string Result) Key(AuditEntry e) => (e.Actor, e.Action, e.Target, e.Status, e.Result);

    /// <summary>The middleware records after the answer is sent; wait (bounded) until the expected count is there.</summary>
    private async Task<IReadOnlyList<AuditEntry>> WaitForEntriesAsync(int count)
    {
        var log = _hub.App.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < 100 && log.Query(100, null).Count < count; i++)
        {
            await Task.Delay(50);
        }
        await Task.Delay(100);
        var entries = log.Query(100, null);
        Assert.Equal(count, entries.Count);
        return entries;
    }
}
