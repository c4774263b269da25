using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using PiController.Hub.Provisioning.Install;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>
/// The Kubernetes API on a stand-in server's 6443, as on K3s: the first server holds it (objects kept across a
/// restart), every node registers its Node and Lease as a kubelet does, the admin of k3s.yaml may do anything and a
/// kubelet only what concerns its own node.
/// </summary>
public sealed class StandInApiTests : IDisposable
{
    private readonly HubPlan _plan = new();
    private readonly StandInNode _first = new();
    private readonly StandInNode _joiner = new();
    private readonly int _port = LoopbackPort.Free();
    private AdminClient? _admin;

    public void Dispose()
    {
        _admin?.Dispose();
        _joiner.Dispose();
        _first.Dispose();
    }

    private Uri FirstUrl => new($"https://127.0.0.1:{_port}");

    private AdminClient Admin => _admin ??= AdminClient.FromKubeconfig(_first.HostPath("/etc/rancher/k3s/k3s.yaml"), FirstUrl);

    private string[] Listen => ["server", "--https-listen-port", _port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1"];

    private async Task StartFirstAsync()
    {
        _first.Apply(_plan.FirstServer("pi-1"));
        _first.WriteFile("/etc/rancher/k3s/config.yaml.d/90-taint.yaml", "node-taint:\n  - \"dedicated=gpio:NoSchedule\"\n");
        await _first.StartReadyAsync(Listen);
    }

    [Fact]
    public async Task A_first_server_registers_its_Node_as_a_kubelet_does_with_its_labels_taints_roles_and_version()
    {
        await StartFirstAsync();

        var node = await Admin.EventuallyAsync("/api/v1/nodes/pi-1", n => AdminClient.Condition(n, "Ready") == "True", "pi-1 registered and Ready");

        var labels = node["metadata"]!["labels"]!;
        Assert.Equal("pi-4b", (string?)labels["pi-controller.io/board"]);
        Assert.Equal("pi-1", (string?)labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", (string?)labels["kubernetes.io/os"]);
        Assert.Equal("true", (string?)labels["node-role.kubernetes.io/control-plane"]);
        Assert.Equal("true", (string?)labels["node-role.kubernetes.io/etcd"]);
        var taint = Assert.Single(node["spec"]!["taints"]!.AsArray());
        Assert.Equal("dedicated", (string?)taint!["key"]);
        Assert.Equal("gpio", (string?)taint["value"]);
        Assert.Equal("NoSchedule", (string?)taint["effect"]);
        Assert.Equal("v1.33.4+k3s1", (string?)node["status"]!["nodeInfo"]!["kubeletVersion"]);
        Assert.Equal("110", (string?)node["status"]!["capacity"]!["pods"]);
        Assert.EndsWith("Ki", (string?)node["status"]!["capacity"]!["memory"], StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), (string?)node["status"]!["capacity"]!["cpu"]);
        var addresses = node["status"]!["addresses"]!.AsArray();
        Assert.Contains(addresses, a => (string?)a!["type"] == "InternalIP" && IPAddress.TryParse((string?)a["address"], out _));
        Assert.Contains(addresses, a => (string?)a!["type"] == "Hostname" && (string?)a["address"] == "pi-1");
    }

    [Fact]
    public async Task Debians_kubectl_lists_the_registered_nodes_as_Ready()
    {
        var kubectl = Repo.Tool("kubectl") ?? throw new InvalidOperationException("kubectl is not installed; the test machines have Debian's (see TESTING.md)");
        await StartFirstAsync();
        await Admin.EventuallyAsync("/api/v1/nodes/pi-1", n => AdminClient.Condition(n, "Ready") == "True", "pi-1 registered and Ready");

        var result = (await Run.Async(kubectl, ["--kubeconfig", _first.HostPath("/etc/rancher/k3s/k3s.yaml"), "--server", FirstUrl.ToString(), "get", "nodes"])).Ok("kubectl get nodes");

        var row = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("pi-1 ", StringComparison.Ordinal));
        Assert.Contains(" Ready ", row, StringComparison.Ordinal);
        Assert.Contains("v1.33.4+k3s1", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_registers_with_the_address_it_reaches_the_server_from_and_renews_its_Lease()
    {
        await StartFirstAsync();
        _joiner.Apply(_plan.Joining(K3sRole.Agent, "pi-2"));
        await _joiner.StartReadyAsync("agent", "--server", FirstUrl.ToString());

        var node = await Admin.EventuallyAsync("/api/v1/nodes/pi-2", n => AdminClient.Condition(n, "Ready") == "True", "pi-2 registered and Ready");
        Assert.Contains(node["status"]!["addresses"]!.AsArray(), a => (string?)a!["type"] == "InternalIP" && (string?)a["address"] == "127.0.0.1");
        Assert.Null(node["metadata"]!["labels"]!["node-role.kubernetes.io/control-plane"]);
        const string lease = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/pi-2";
        var first = await Admin.EventuallyAsync(lease, l => l["spec"]?["renewTime"] is not null, "pi-2's Lease");
        Assert.Equal("pi-2", (string?)first["spec"]!["holderIdentity"]);
        Assert.Equal("Node", (string?)first["metadata"]!["ownerReferences"]![0]!["kind"]);
        var renewed = (string?)first["spec"]!["renewTime"];
        await Admin.EventuallyAsync(lease, l => (string?)l["spec"]?["renewTime"] != renewed, "pi-2's Lease renewed");
    }

    [Fact]
    public async Task A_stopped_agent_leaves_its_Node_Unknown_as_the_node_lifecycle_controller_would()
    {
        await StartFirstAsync();
        _joiner.Apply(_plan.Joining(K3sRole.Agent, "pi-2"));
        await _joiner.StartReadyAsync("agent", "--server", FirstUrl.ToString());
        await Admin.EventuallyAsync("/api/v1/nodes/pi-2", n => AdminClient.Condition(n, "Ready") == "True", "pi-2 registered and Ready");

        Assert.Equal(0, await _joiner.Process!.TerminateAsync());

        var node = await Admin.GetAsync("/api/v1/nodes/pi-2");
        var ready = node["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.True((string?)ready["status"] == "Unknown", $"Ready is {ready.ToJsonString()}; the agent wrote:\n{_joiner.Process.Output}");
        Assert.Equal("NodeStatusUnknown", (string?)ready["reason"]);
        Assert.Equal("Kubelet stopped posting node status.", (string?)ready["message"]);
    }

    [Fact]
    public async Task Objects_survive_a_restart_and_a_binary_claiming_a_new_release_reports_it_as_the_kubelet_version()
    {
        await StartFirstAsync();
        await Admin.EventuallyAsync("/api/v1/nodes/pi-1", n => AdminClient.Condition(n, "Ready") == "True", "pi-1 registered and Ready");
        var created = await Admin.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "kept" }, ["data"] = new JsonObject { ["a"] = "1" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);

        Assert.Equal(0, await _first.Process!.TerminateAsync());
        var release = StandInRelease.Write(Repo.K3sStandIn, "v1.34.1+k3s1", Repo.K3sStandIn + "-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            _first.Binary = release;
            await _first.StartReadyAsync(Listen);

            var node = await Admin.EventuallyAsync("/api/v1/nodes/pi-1", n => (string?)n["status"]?["nodeInfo"]?["kubeletVersion"] == "v1.34.1+k3s1", "pi-1 reports v1.34.1+k3s1");
            Assert.Equal("True", AdminClient.Condition(node, "Ready"));
            Assert.Equal("1", (string?)(await Admin.GetAsync("/api/v1/namespaces/default/configmaps/kept"))["data"]!["a"]);
            Assert.Equal("pi-4b", (string?)node["metadata"]!["labels"]!["pi-controller.io/board"]);
            await _first.Process!.TerminateAsync();
        }
        finally
        {
            File.Delete(release);
        }
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_401_and_a_kubelet_may_not_change_another_nodes_Node()
    {
        await StartFirstAsync();
        await Admin.EventuallyAsync("/api/v1/nodes/pi-1", n => AdminClient.Condition(n, "Ready") == "True", "pi-1 registered and Ready");
        var serverCa = File.ReadAllBytes(_first.HostPath("/var/lib/rancher/k3s/server/tls/server-ca.crt"));

        using (var anonymous = AdminClient.With(FirstUrl, serverCa, null))
        {
            var (status, body) = await anonymous.SendAsync(HttpMethod.Get, "/api/v1/nodes");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("Status", (string?)body!["kind"]);
        }
        using var kubelet = AdminClient.With(FirstUrl, serverCa, await KubeletCertificateAsync(serverCa, "pi-9"));
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["stolen"] = "yes" } } };
        var other = await kubelet.SendAsync(HttpMethod.Patch, "/api/v1/nodes/pi-1", patch);
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Contains("system:node:pi-9", (string?)other.Body!["message"], StringComparison.Ordinal);
        var read = await kubelet.SendAsync(HttpMethod.Get, "/api/v1/nodes/pi-1");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Null((await Admin.GetAsync("/api/v1/nodes/pi-1"))["metadata"]!["labels"]!["stolen"]);
    }

    [Fact]
    public async Task A_joined_server_registers_through_the_first_and_sends_API_clients_to_it()
    {
        await StartFirstAsync();
        _joiner.Apply(_plan.Joining(K3sRole.Server, "pi-3"));
        var joinedPort = LoopbackPort.Free();
        await _joiner.StartReadyAsync("server", "--server", FirstUrl.ToString(), "--https-listen-port", joinedPort.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1");

        var node = await Admin.EventuallyAsync("/api/v1/nodes/pi-3", n => AdminClient.Condition(n, "Ready") == "True", "pi-3 registered and Ready");
        Assert.Equal("true", (string?)node["metadata"]!["labels"]!["node-role.kubernetes.io/etcd"]);
        using var joined = AdminClient.FromKubeconfig(_joiner.HostPath("/etc/rancher/k3s/k3s.yaml"), new Uri($"https://127.0.0.1:{joinedPort}"));
        var (status, body) = await joined.SendAsync(HttpMethod.Get, "/api/v1/nodes");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("only the first server holds the Kubernetes API", (string?)body!["message"], StringComparison.Ordinal);
    }

    /// <summary>A kubelet certificate for <paramref name="node"/>, asked for as a K3s agent asks: the agent token's password.</summary>
    private async Task<X509Certificate2> KubeletCertificateAsync(byte[] serverCa, string node)
    {
        using var supervisor = AdminClient.With(FirstUrl, serverCa, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1-k3s/client-kubelet.crt");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("node:" + _plan.Secrets.Agent.Reveal())));
        request.Headers.Add("K3s-Node-Name", node);
        using var response = await supervisor.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var pem = await response.Content.ReadAsStringAsync();
        return X509Certificate2.CreateFromPem(pem, pem);
    }
}
