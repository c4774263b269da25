using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Nodes;
using PiController.KubeApiDouble;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Kube.Import;

public sealed class ClusterImportTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly RecordingPart _part = new("recording", PiController.Hub.Kube.Informers.KubeKind.Nodes);
    private KubeApiDoubleHost _double = null!;
    private InProcessHub _hub = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _double = await KubeApiDoubleHost.StartAsync();
        _hub = await InProcessHub.StartAsync(services => services.AddSingleton<IClusterPart>(_part));
        _admin = _hub.Http(_hub.Token("admin"));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _hub.DisposeAsync();
        await _double.DisposeAsync();
    }

    [Fact]
    public async Task An_imported_cluster_reports_matched_unmatched_and_ambiguous_nodes_and_is_managed_at_once()
    {
        var nodes = _hub.App.Services.GetRequiredService<NodeStore>();
        nodes.RecordEnrolled("serial-1", "pi-one");
        nodes.RecordEnrolled("serial-2", "twin");
        nodes.RecordEnrolled("serial-3", "twin");
        _double.Store.Create(KubeDoubleObjects.Node("k-one", nodeIdLabel: "serial-1"));
        _double.Store.Create(KubeDoubleObjects.Node("twin"));
        _double.Store.Create(KubeDoubleObjects.Node("stranger"));

        using var answer = await _admin.PostAsJsonAsync("/api/v1/clusters/import", new { name = "home", kubeconfig = _double.Kubeconfig });
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
        using var imported = JsonDocument.Parse(body);
        Assert.Equal(ApiDoubleInfo.DefaultGitVersion, imported.RootElement.GetProperty("version").GetString());
        Assert.Contains("forgets it", imported.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
        var matches = imported.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("kubernetesNode").GetString()!, n => (Outcome: n.GetProperty("outcome").GetString(), Id: n.GetProperty("nodeId").GetString()));
        Assert.Equal(("matched", "serial-1"), matches["k-one"]);
        Assert.Equal("ambiguous", matches["twin"].Outcome);
        Assert.Equal("unmatched", matches["stranger"].Outcome);
        Assert.DoesNotContain("client-key-data", body, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => Task.FromResult(_part.Count("k-one") >= 1), Patience, "the manager reconciling k-one");
        using var status = JsonDocument.Parse(await _admin.GetStringAsync("/api/v1/clusters/home/manager"));
        Assert.True(status.RootElement.GetProperty("managed").GetBoolean());
        Assert.True(status.RootElement.GetProperty("synced").GetBoolean());
        var grpc = new ApiV1.ClusterManagement.ClusterManagementClient(_hub.Grpc(_hub.Token("viewer")));
        var viaGrpc = await grpc.GetClusterManagerAsync(new ApiV1.GetClusterManagerRequest { Name = "home" });
        Assert.Equal(ControllerPhase.Running, viaGrpc.Phase);
        Assert.Contains(viaGrpc.Kinds, k => k.Kind == "nodes" && k.Objects == 3);
    }

    [Fact]
    public async Task Deleting_an_imported_cluster_forgets_it_and_stops_managing_it()
    {
        using (var answer = await _admin.PostAsJsonAsync("/api/v1/clusters/import", new { name = "home", kubeconfig = _double.Kubeconfig }))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        var manager = _hub.App.Services.GetRequiredService<IClusterManager>();
        Assert.NotNull(manager.Find("home"));
        using var deleted = await _admin.DeleteAsync("/api/v1/clusters/home");
        using var view = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync());
        Assert.Equal("imported", view.RootElement.GetProperty("origin").GetString());
        Assert.Equal("deleted", view.RootElement.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/clusters/home")).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(manager.Find("home") is null), Patience, "the controller stopping");
        Assert.NotEmpty(_double.Store.List("v1", "Namespace"));
    }

    [Fact]
    public async Task A_kubeconfig_whose_ca_did_not_sign_the_server_is_refused_and_nothing_is_stored()
    {
        await using var other = await KubeApiDoubleHost.StartAsync();
        var foreign = Line(other.Kubeconfig, "certificate-authority-data:");
        var kubeconfig = _double.Kubeconfig.Replace(Line(_double.Kubeconfig, "certificate-authority-data:"), foreign, StringComparison.Ordinal);
        using var answer = await _admin.PostAsJsonAsync("/api/v1/clusters/import", new { name = "home", kubeconfig });
        var problem = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("not signed by the CA in the kubeconfig", problem, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/clusters/home")).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_imports_and_a_provisioned_only_verb_refuses_an_imported_cluster()
    {
        using var viewer = _hub.Http(_hub.Token("viewer"));
        using (var refused = await viewer.PostAsJsonAsync("/api/v1/clusters/import", new { name = "home", kubeconfig = _double.Kubeconfig }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var answer = await _admin.PostAsJsonAsync("/api/v1/clusters/import", new { name = "home", kubeconfig = _double.Kubeconfig }))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        using var resume = await _admin.PostAsJsonAsync("/api/v1/clusters/home/resume", new { fix = false });
        Assert.Contains("was imported", await resume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = await _admin.PostAsJsonAsync("/api/v1/clusters/import", new { name = "home", kubeconfig = _double.Kubeconfig });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static string Line(string text, string key) =>
        text.Split('\n').Single(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal)).Trim();
}
