using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using PiController.Protocol.Api;

namespace PiController.EndToEnd.Tests;

public sealed class ApiAndCliTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Cli_lists_nodes_and_pings_over_the_link()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-cli");
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean() && n.GetProperty("lastHeartbeat").ValueKind == JsonValueKind.String, Soon);

        var (code, table) = await hub.CliAsync("nodes", "ls", "-o", "wide");
        Assert.True(code == 0, table);
        var lines = table.Split('\n');
        Assert.StartsWith("NODE ID", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines, l => l.StartsWith("e2e-cli", StringComparison.Ordinal));
        Assert.Contains("(simulated)", row, StringComparison.Ordinal);
        Assert.Contains("connected", row, StringComparison.Ordinal);

        (code, var ping) = await hub.CliAsync("nodes", "ping", "e2e-cli", "-c", "3");
        Assert.True(code == 0, ping);
        Assert.Equal(3, ping.Split('\n').Count(l => l.StartsWith("reply from e2e-cli: seq=", StringComparison.Ordinal)));
        Assert.Contains("3 round trips: min", ping, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_api_lists_and_pings_nodes()
    {
        using var hub = await HubInstance.StartAsync();
        using var agent = AgentInstance.Start(hub, "e2e-grpc");
        await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), Soon);

        using var channel = hub.Grpc();
        var client = new Nodes.NodesClient(channel);
        var list = await client.ListNodesAsync(new ListNodesRequest());
        var node = Assert.Single(list.Nodes);
        Assert.Equal("e2e-grpc", node.NodeId);
        Assert.True(node.Connected);
        Assert.True(node.Metrics.HasMemoryTotalBytes);

        var ping = await client.PingNodeAsync(new PingNodeRequest { NodeId = "e2e-grpc", Count = 5 });
        Assert.Equal(5, ping.RoundTripMs.Count);
        Assert.All(ping.RoundTripMs, rtt => Assert.InRange(rtt, 0.001, 5000));

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.GetNodeAsync(new GetNodeRequest { NodeId = "nope" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        using var anonymous = hub.Grpc(token: "pic_000000000000_wrong");
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await new Nodes.NodesClient(anonymous).ListNodesAsync(new ListNodesRequest()));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Api_calls_without_or_with_a_wrong_token_get_problem_details()
    {
        using var hub = await HubInstance.StartAsync();

        using var anonymous = hub.Http(token: "");
        using var none = await anonymous.GetAsync("/api/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var problem = await none.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("needs an API token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var wrong = hub.Http(token: "pic_0123456789ab_not-the-secret");
        using var refused = await wrong.GetAsync("/api/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("the bearer token is wrong", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var admin = hub.Http();
        using var unknown = await admin.GetAsync("/api/v1/nodes/not-a-node");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var badPing = await admin.PostAsJsonAsync("/api/v1/nodes/x/ping", new { count = 100000 });
        Assert.Equal(HttpStatusCode.BadRequest, badPing.StatusCode);

        var (code, output) = await hub.CliAsync("nodes", "ls", "--token", "pic_0123456789ab_nope");
        Assert.Equal(1, code);
        Assert.Contains("Unauthorized: the bearer token is wrong", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_files_forgotten_stay_gone_after_a_restart_and_their_tokens_keep_working()
    {
        using var hub = await HubInstance.StartAsync();
        var admin = hub.AdminToken;
        var join = hub.JoinToken;

        var (code, output) = await hub.CliAsync("token", "forget-files");
        Assert.True(code == 0, output);
        Assert.Contains($"removed {Path.Join(hub.DataDirectory, "admin.token")}", output, StringComparison.Ordinal);
        Assert.Contains($"removed {Path.Join(hub.DataDirectory, "join.token")}", output, StringComparison.Ordinal);
        await hub.StopAsync();
        await hub.StartAsync();

        Assert.False(File.Exists(Path.Join(hub.DataDirectory, "admin.token")), "the hub wrote admin.token again");
        Assert.False(File.Exists(Path.Join(hub.DataDirectory, "join.token")), "the hub wrote join.token again");
        var (listed, tokens) = await hub.CliAsync("token", "ls", "--token", admin);
        Assert.True(listed == 0, tokens);
        Assert.Contains(join[(join.IndexOf("::", StringComparison.Ordinal) + 2)..join.IndexOf('.', StringComparison.Ordinal)], tokens, StringComparison.Ordinal);
        Assert.Contains("active", tokens, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_token_is_written_once_with_mode_0600_and_state_survives_a_restart()
    {
        using var hub = await HubInstance.StartAsync();
        var tokenPath = Path.Join(hub.DataDirectory, "admin.token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(hub.DataDirectory, "ca.key.enc")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(hub.DataDirectory, "secret.key")));
        var token = hub.AdminToken;
        var fingerprint = hub.Fingerprint;
        using (var agent = AgentInstance.Start(hub, "e2e-state"))
        {
            await hub.WaitForNodeAsync(agent.NodeId, n => n.GetProperty("connected").GetBoolean(), Soon);
        }

        await hub.StopAsync();
        await hub.StartAsync();
        Assert.Equal(token, hub.AdminToken);
        Assert.Equal(fingerprint, hub.Fingerprint);
        var node = Assert.Single(await hub.NodesAsync());
        Assert.Equal("e2e-state", node.GetProperty("nodeId").GetString());
        Assert.False(node.GetProperty("connected").GetBoolean());
    }
}
