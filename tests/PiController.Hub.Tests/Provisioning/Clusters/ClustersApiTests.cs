using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>The clusters API's edges: gRPC's twin operations, who may do what, and bodies refused whole.</summary>
public sealed class ClustersApiTests : ClusterPlanFixture
{
    [Fact]
    public async Task Over_gRPC_a_dry_run_answers_the_plan_and_create_answers_the_stored_cluster()
    {
        using var channel = Hub.Grpc(Hub.Token(ApiRole.Admin));
        var clusters = new ApiV1.Clusters.ClustersClient(channel);
        var request = new ApiV1.CreateClusterRequest { Name = "lab", Servers = { "ssh:s1" }, Agents = { "ssh:a1" }, DryRun = true };

        var plan = await clusters.CreateClusterAsync(request);
        Assert.Equal(ApiV1.CreateClusterResponse.ResultOneofCase.Plan, plan.ResultCase);
        Assert.Equal("first server: initialises the cluster", plan.Plan.Nodes[0].Order);
        Assert.Empty(Nodes.Journal);

        request.DryRun = false;
        var created = await clusters.CreateClusterAsync(request);
        Assert.Equal(["ssh:s1", "ssh:a1"], created.Cluster.Nodes.Select(n => n.Node));
        await SettledAsync("lab");
        Assert.Contains("current-context: lab", (await clusters.GetClusterKubeconfigAsync(new ApiV1.GetClusterKubeconfigRequest { Name = "lab" })).Kubeconfig, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_creates_a_cluster_or_reads_its_kubeconfig_over_gRPC()
    {
        using var channel = Hub.Grpc(Hub.Token(ApiRole.Operator));
        var clusters = new ApiV1.Clusters.ClustersClient(channel);

        var create = await Assert.ThrowsAsync<RpcException>(async () => await clusters.CreateClusterAsync(new ApiV1.CreateClusterRequest { Name = "lab", Servers = { "ssh:s1" } }));
        var kubeconfig = await Assert.ThrowsAsync<RpcException>(async () => await clusters.GetClusterKubeconfigAsync(new ApiV1.GetClusterKubeconfigRequest { Name = "lab" }));

        Assert.Equal(StatusCode.PermissionDenied, create.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, kubeconfig.StatusCode);
        Assert.Empty((await clusters.ListClustersAsync(new ApiV1.ListClustersRequest())).Clusters);
    }

    [Fact]
    public async Task A_body_with_an_unknown_field_is_refused_and_nothing_is_stored()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/clusters", new { name = "lab", servers = new[] { "ssh:s1" }, masters = new[] { "ssh:s2" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("masters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/clusters/lab")).StatusCode);
    }

    [Fact]
    public async Task A_node_of_one_cluster_cannot_join_another_and_a_missing_release_names_the_import()
    {
        using (var _ = await CreateAsync("lab", ["ssh:s1"], []))
        {
            await SettledAsync("lab");
        }

        using var twice = await CreateAsync("other", ["ssh:s1"], []);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("ssh:s1 is already a node of cluster lab", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var missing = await Admin.PostAsJsonAsync("/api/v1/clusters", new { name = "old", servers = new[] { "ssh:s9" }, version = "v1.30.0+k3s1", dryRun = true });
        var plan = await missing.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains("pi-controller k3s fetch v1.30.0+k3s1 --arch arm64 --images", plan.GetProperty("nodes")[0].GetProperty("problem").GetString(), StringComparison.Ordinal);
    }
}
