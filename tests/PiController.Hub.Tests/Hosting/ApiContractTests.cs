using Google.Protobuf.Reflection;

namespace PiController.Hub.Tests.Hosting;

/// <summary>
/// REST and gRPC offer the same operations. One explicit table names each operation with its REST route and its
/// gRPC method; the test walks both route tables of the hub as <c>pi-controller serve</c> composes it (the REST
/// endpoints of its endpoint data sources, the gRPC methods of the picontroller.api.v1 service descriptors) and
/// fails on anything the table does not list, or lists but the hub does not serve.
/// </summary>
public sealed class ApiContractTests : IAsyncLifetime
{
    /// <summary>An operation of the public API: its REST route ("METHOD /template") and its gRPC method ("Service/Method").</summary>
    private sealed record Operation(string Name, string Rest, string Grpc);

    private static readonly Operation[] Operations =
    [
        new("list nodes", "GET /api/v1/nodes", "Nodes/ListNodes"),
        new("get a node", "GET /api/v1/nodes/{nodeId}", "Nodes/GetNode"),
        new("get a node's hardware report", "GET /api/v1/nodes/{nodeId}/hardware", "Nodes/GetNodeHardware"),
        new("ping a node", "POST /api/v1/nodes/{nodeId}/ping", "Nodes/PingNode"),
        new("delete a node", "DELETE /api/v1/nodes/{nodeId}", "Nodes/DeleteNode"),
        new("revoke a node", "POST /api/v1/nodes/{nodeId}/revoke", "Nodes/RevokeNode"),
        new("approve a node's enrollment", "POST /api/v1/nodes/{nodeId}/approve", "Nodes/ApproveNode"),
        new("list waiting enrollments", "GET /api/v1/enrollments", "Nodes/ListEnrollments"),
        new("get a node's labels", "GET /api/v1/nodes/{nodeId}/labels", "Nodes/GetNodeLabels"),
        new("set and remove some labels", "PATCH /api/v1/nodes/{nodeId}/labels", "Nodes/UpdateNodeLabels"),
        new("replace a node's labels", "PUT /api/v1/nodes/{nodeId}/labels", "Nodes/ReplaceNodeLabels"),

        new("list stored events", "GET /api/v1/events", "Events/List"),
        new("watch live events", "GET /api/v1/events/ws", "Events/Watch"),

        new("get the hub's version", "GET /api/v1/version", "HubInfo/GetVersion"),

        .. Resource("gpio"),
        .. Resource("pwm"),
        .. Resource("i2c"),

        new("list GPIO pins", "GET /api/v1/nodes/{nodeId}/gpio", "Hardware/ListGpio"),
        new("read a GPIO pin", "GET /api/v1/nodes/{nodeId}/gpio/{pin}", "Hardware/ReadGpio"),
        new("configure a GPIO pin", "POST /api/v1/nodes/{nodeId}/gpio/{pin}/config", "Hardware/ConfigureGpio"),
        new("write a GPIO pin", "POST /api/v1/nodes/{nodeId}/gpio/{pin}/write", "Hardware/WriteGpio"),
        new("toggle a GPIO pin", "POST /api/v1/nodes/{nodeId}/gpio/{pin}/toggle", "Hardware/ToggleGpio"),
        new("pulse a GPIO pin", "POST /api/v1/nodes/{nodeId}/gpio/{pin}/pulse", "Hardware/PulseGpio"),
        new("release a GPIO pin", "DELETE /api/v1/nodes/{nodeId}/gpio/{pin}", "Hardware/ReleaseGpio"),
        new("write and read GPIO pins together", "POST /api/v1/nodes/{nodeId}/gpio/batch", "Hardware/BatchGpio"),
        new("list GPIO edge events", "GET /api/v1/nodes/{nodeId}/gpio/events", "Hardware/ListGpioEvents"),
        new("list PWM channels", "GET /api/v1/nodes/{nodeId}/pwm", "Hardware/ListPwm"),
        new("set a PWM channel", "PUT /api/v1/nodes/{nodeId}/pwm/{pin}", "Hardware/SetPwm"),
        new("stop a PWM channel", "DELETE /api/v1/nodes/{nodeId}/pwm/{pin}", "Hardware/StopPwm"),
        new("scan an I2C bus", "POST /api/v1/nodes/{nodeId}/i2c/{bus}/scan", "Hardware/ScanI2c"),
        new("read an I2C device", "POST /api/v1/nodes/{nodeId}/i2c/{bus}/{address}/read", "Hardware/ReadI2cDevice"),
        new("transfer on an I2C bus", "POST /api/v1/nodes/{nodeId}/i2c/{bus}/{address}/transfer", "Hardware/TransferI2c"),
        new("watch an I2C device", "PUT /api/v1/nodes/{nodeId}/i2c/{bus}/{address}/watch", "Hardware/WatchI2c"),
        new("stop watching an I2C device", "DELETE /api/v1/nodes/{nodeId}/i2c/{bus}/{address}/watch", "Hardware/UnwatchI2c"),
        new("list I2C watches", "GET /api/v1/nodes/{nodeId}/i2c/watches", "Hardware/ListI2cWatches"),
        new("list the latest I2C readings", "GET /api/v1/nodes/{nodeId}/i2c/readings", "Hardware/ListI2cReadings"),

        new("list kept K3s releases", "GET /api/v1/k3s/artifacts", "K3sArtifacts/ListK3sArtifacts"),
        new("fetch a K3s release from its release page", "POST /api/v1/k3s/artifacts/fetch", "K3sArtifacts/FetchK3sArtifacts"),
        new("remove a kept K3s release", "DELETE /api/v1/k3s/artifacts/{version}", "K3sArtifacts/DeleteK3sArtifacts"),

        new("list SSH targets", "GET /api/v1/ssh-targets", "SshTargets/ListSshTargets"),
        new("get an SSH target", "GET /api/v1/ssh-targets/{name}", "SshTargets/GetSshTarget"),
        new("add an SSH target", "POST /api/v1/ssh-targets", "SshTargets/AddSshTarget"),
        new("remove an SSH target", "DELETE /api/v1/ssh-targets/{name}", "SshTargets/DeleteSshTarget"),
        new("accept an SSH target's new host key", "POST /api/v1/ssh-targets/{name}/accept-key", "SshTargets/AcceptSshHostKey"),
        new("check an SSH target", "POST /api/v1/ssh-targets/{name}/check", "SshTargets/CheckSshTarget"),
        new("adopt a Pi over SSH", "POST /api/v1/adoptions", "Adoptions/AdoptNode"),
        new("follow an adoption", "GET /api/v1/adoptions/{name}", "Adoptions/GetAdoption"),
        new("list clusters", "GET /api/v1/clusters", "Clusters/ListClusters"),
        new("get a cluster with its plan", "GET /api/v1/clusters/{name}", "Clusters/GetCluster"),
        new("create a cluster, or show its plan (dry run)", "POST /api/v1/clusters", "Clusters/CreateCluster"),
        new("add nodes to a cluster", "POST /api/v1/clusters/{name}/nodes", "Clusters/AddClusterNodes"),
        new("remove a node from a cluster", "DELETE /api/v1/clusters/{name}/nodes/{node}", "Clusters/RemoveClusterNode"),
        new("delete a cluster", "DELETE /api/v1/clusters/{name}", "Clusters/DeleteCluster"),
        new("resume a cluster's plan", "POST /api/v1/clusters/{name}/resume", "Clusters/ResumeCluster"),
        new("get a cluster's kubeconfig", "GET /api/v1/clusters/{name}/kubeconfig", "Clusters/GetClusterKubeconfig"),
        new("import a running K3s cluster", "POST /api/v1/clusters/import", "ClusterManagement/ImportCluster"),
        new("get the cluster manager in a cluster", "GET /api/v1/clusters/{name}/manager", "ClusterManagement/GetClusterManager"),
        new("get a cluster's policy", "GET /api/v1/clusters/{name}/policy", "ClusterNodes/GetClusterPolicy"),
        new("change a cluster's policy", "PATCH /api/v1/clusters/{name}/policy", "ClusterNodes/UpdateClusterPolicy"),
        new("compare a cluster's nodes with Kubernetes", "GET /api/v1/clusters/{name}/membership", "ClusterNodes/GetClusterMembership"),
        new("place a workload by its hardware needs", "GET /api/v1/clusters/{name}/placement", "ClusterNodes/GetPlacement"),
        new("upgrade a cluster's K3s, or show the plan (dry run)", "POST /api/v1/clusters/{name}/upgrade", "ClusterUpgrades/UpgradeCluster"),
        new("get a cluster's latest upgrade or rollback", "GET /api/v1/clusters/{name}/upgrade", "ClusterUpgrades/GetClusterUpgrade"),
        new("roll a node back to its previous K3s binary", "POST /api/v1/clusters/{name}/rollback", "ClusterUpgrades/RollbackClusterNode"),
        new("list a cluster's etcd snapshots", "GET /api/v1/clusters/{name}/snapshots", "EtcdSnapshots/ListEtcdSnapshots"),
        new("save an etcd snapshot", "POST /api/v1/clusters/{name}/snapshots", "EtcdSnapshots/SaveEtcdSnapshot"),
        new("prune etcd snapshots", "POST /api/v1/clusters/{name}/snapshots/prune", "EtcdSnapshots/PruneEtcdSnapshots"),
        new("set a cluster's snapshot schedule", "PUT /api/v1/clusters/{name}/snapshots/schedule", "EtcdSnapshots/SetEtcdSnapshotSchedule"),
        new("remove a cluster's snapshot schedule", "DELETE /api/v1/clusters/{name}/snapshots/schedule", "EtcdSnapshots/DeleteEtcdSnapshotSchedule"),
    ];

    /// <summary>
    /// Public REST routes that have no gRPC twin because of what they carry: the K3s import is a streamed multipart
    /// upload of files of hundreds of MB, which gRPC's message model (4 MiB messages here) would have to chunk by hand.
    /// </summary>
    private static readonly string[] RestOnlyRoutes =
    [
        "POST /api/v1/k3s/artifacts",
    ];

    /// <summary>Public REST routes that have no gRPC twin on purpose: administration and bootstrap, for people and the CLI.</summary>
    private static readonly string[] RestOnlyPrefixes =
    [
        "/api/v1/tokens",
        "/api/v1/api-tokens",
        "/api/v1/audit",
        "/api/v1/discovery",
    ];

    private InProcessHub _hub = null!;
    private IReadOnlyList<HubRoute> _routes = [];

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _routes = HubRoute.All(_hub.App);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void Every_REST_route_of_the_public_API_is_an_operation_of_the_table_or_administration()
    {
        var listed = Operations.Select(o => o.Rest).ToHashSet(StringComparer.Ordinal);
        var unlisted = RestRoutes().Where(r => !listed.Contains(r) && !RestOnlyRoutes.Contains(r) && !RestOnlyPrefixes.Any(p => r.Split(' ')[1].StartsWith(p, StringComparison.Ordinal))).ToList();

        Assert.True(unlisted.Count == 0, "REST routes the operation table does not list (add them with their gRPC method):\n" + string.Join('\n', unlisted));
    }

    [Fact]
    public void Every_gRPC_method_of_the_public_API_is_an_operation_of_the_table()
    {
        var listed = Operations.Select(o => o.Grpc).ToHashSet(StringComparer.Ordinal);
        var unlisted = DescribedMethods().Where(m => !listed.Contains(m)).ToList();

        Assert.True(unlisted.Count == 0, "gRPC methods the operation table does not list (add them with their REST route):\n" + string.Join('\n', unlisted));
    }

    [Fact]
    public void Every_operation_of_the_table_is_served_over_REST_and_gRPC()
    {
        var rest = RestRoutes().ToHashSet(StringComparer.Ordinal);
        var described = DescribedMethods().ToHashSet(StringComparer.Ordinal);
        var mapped = _routes.Where(r => r.IsGrpc).Select(r => r.Template.TrimStart('/').Replace("picontroller.api.v1.", "", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var operation in Operations)
        {
            var served = rest.Contains(operation.Rest) && described.Contains(operation.Grpc) && mapped.Contains(operation.Grpc);
            if (!rest.Contains(operation.Rest))
            {
                failures.Add($"{operation.Name}: no REST route {operation.Rest}");
            }
            if (!described.Contains(operation.Grpc) || !mapped.Contains(operation.Grpc))
            {
                failures.Add($"{operation.Name}: no gRPC method {operation.Grpc}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void The_public_protos_import_nothing_from_the_agent_link()
    {
        var imports = PublicServices().Select(s => s.File).Distinct()
            .SelectMany(f => f.Dependencies.Select(d => $"{f.Name} imports {d.Name}"))
            .Where(i => i.Contains("picontroller/link/", StringComparison.Ordinal))
            // hardware.proto is the hardware helper's to cut loose; nodes, events and resources are their own contract.
            .Where(i => !i.StartsWith("picontroller/api/v1/hardware.proto", StringComparison.Ordinal))
            .ToList();

        Assert.True(imports.Count == 0, string.Join('\n', imports));
    }

    private static IEnumerable<Operation> Resource(string collection) =>
    [
        new($"list {collection} resources", $"GET /api/v1/{collection}", "Resources/ListResources"),
        new($"get a {collection} resource", $"GET /api/v1/{collection}/{{name}}", "Resources/GetResource"),
        new($"create a {collection} resource", $"POST /api/v1/{collection}", "Resources/CreateResource"),
        new($"update a {collection} resource", $"PUT /api/v1/{collection}/{{name}}", "Resources/UpdateResource"),
        new($"delete a {collection} resource", $"DELETE /api/v1/{collection}/{{name}}", "Resources/DeleteResource"),
        new($"apply a {collection} resource (create, configure or leave unchanged)", $"POST /api/v1/{collection}/apply", "Resources/ApplyResource"),
    ];

    private IEnumerable<string> RestRoutes() =>
        _routes.Where(r => !r.IsGrpc && r.Template.StartsWith("/api/v1/", StringComparison.Ordinal)).Select(r => r.ToString()).Distinct();

    private static IEnumerable<ServiceDescriptor> PublicServices() =>
        new[]
        {
            Protocol.Api.NodesReflection.Descriptor,
            Protocol.Api.EventsReflection.Descriptor,
            Protocol.Api.ResourcesReflection.Descriptor,
            Protocol.Api.HardwareReflection.Descriptor,
            Protocol.Api.K3SReflection.Descriptor,
            Protocol.Api.ClustersReflection.Descriptor,
            Protocol.Api.UpgradesReflection.Descriptor,
            Protocol.Api.SnapshotsReflection.Descriptor,
            Protocol.Api.SshReflection.Descriptor,
            Protocol.Api.AdoptionsReflection.Descriptor,
            Protocol.Api.HubReflection.Descriptor,
            Protocol.Api.KubeReflection.Descriptor,
            Protocol.Api.ClusterNodesReflection.Descriptor,
        }.SelectMany(f => f.Services);

    private static IEnumerable<string> DescribedMethods() =>
        PublicServices().SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}"));
}
