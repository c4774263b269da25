using System.Net;
using System.Text.Json.Nodes;

namespace PiController.K3sStandIn.Kubelet;

/// <summary>
/// The part of a kubelet the stand-in plays: on start it registers its Node (creates it with labels, taints and status,
/// or, when it exists, sets the default labels again and posts its status, so a restart with a new binary reports the
/// new version), takes its Lease in kube-node-lease and renews it every 10 s; while the API cannot be reached it tries
/// again every 2 s, as kubelet does. On stop it posts its conditions as Unknown ("Kubelet stopped posting node
/// status."), which is what the node lifecycle controller writes once a kubelet went quiet for its grace period: the
/// stand-in has no controller manager, so the kubelet says it on its way out.
/// </summary>
internal sealed class StandInKubelet(ApiClient api, NodeSettings node, string version, IPAddress? address) : IAsyncDisposable
{
    public static readonly TimeSpan LeaseEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);
    private const string LeasePath = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

    private readonly CancellationTokenSource _stop = new();
    private readonly NodeFacts _facts = NodeFacts.Read();
    private Task _run = Task.CompletedTask;
    private bool _registered;
    private volatile bool _statusPosted;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops renewing and, when the Node was registered, posts its conditions as Unknown.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
        if (!_statusPosted)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var (status, body) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/nodes/{node.Name}/status",
                new JsonObject { ["status"] = new JsonObject { ["conditions"] = NodeManifest.Conditions(DateTimeOffset.UtcNow, ready: false) } }, timeout.Token);
            Check(status, body, "post the node's status");
            Log.Info($"Node {node.Name} marked NotReady (Unknown): kubelet stopped posting node status");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            Log.Warn($"Could not mark node {node.Name} NotReady on the way out: {e.Message}");
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        string? lastError = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_registered)
                {
                    await RegisterAsync(stop);
                    _registered = true;
                    Log.Info($"Successfully registered node {node.Name} (kubelet {version})");
                }
                else
                {
                    await RenewLeaseAsync(stop);
                }
                lastError = null;
                await Task.Delay(_registered ? LeaseEvery : RetryEvery, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or OperationCanceledException)
            {
                if (e.Message != lastError)
                {
                    Log.Warn(_registered ? $"Failed to update lease of node {node.Name}: {e.Message}" : $"Unable to register node {node.Name} with API server: {e.Message}");
                    lastError = e.Message;
                }
                try
                {
                    await Task.Delay(RetryEvery, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RegisterAsync(CancellationToken cancellation)
    {
        var nodePath = $"/api/v1/nodes/{node.Name}";
        var (status, existing) = await api.SendAsync(HttpMethod.Get, nodePath, null, cancellation);
        var internalIp = address ?? api.LocalAddress ?? NodeFacts.PrimaryAddress();
        var now = DateTimeOffset.UtcNow;
        if (status == HttpStatusCode.NotFound)
        {
            (status, existing) = await api.SendAsync(HttpMethod.Post, "/api/v1/nodes", NodeManifest.Node(node, _facts, internalIp, version, now), cancellation);
            if (status != HttpStatusCode.Conflict)
            {
                Check(status, existing, "create the Node");
            }
        }
        else
        {
            Check(status, existing, "read the Node");
        }
        var labels = new JsonObject();
        foreach (var (key, value) in NodeManifest.DefaultLabels(node, _facts))
        {
            labels[key] = value;
        }
        (status, existing) = await api.SendAsync(HttpMethod.Patch, nodePath, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } }, cancellation);
        Check(status, existing, "set the Node's labels");
        var uid = existing?["metadata"]?["uid"]?.GetValue<string>();
        var (statusCode, body) = await api.SendAsync(HttpMethod.Patch, nodePath + "/status",
            new JsonObject { ["status"] = NodeManifest.Status(node, _facts, internalIp, version, now) }, cancellation);
        Check(statusCode, body, "post the Node's status");
        _statusPosted = true;
        await TakeLeaseAsync(uid, cancellation);
    }

    private async Task TakeLeaseAsync(string? nodeUid, CancellationToken cancellation)
    {
        var metadata = new JsonObject { ["name"] = node.Name, ["namespace"] = "kube-node-lease" };
        if (nodeUid is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node.Name, ["uid"] = nodeUid });
        }
        var lease = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["holderIdentity"] = node.Name, ["leaseDurationSeconds"] = 40, ["renewTime"] = NodeManifest.MicroTime(DateTimeOffset.UtcNow) },
        };
        var (status, body) = await api.SendAsync(HttpMethod.Post, LeasePath, lease, cancellation);
        if (status == HttpStatusCode.Conflict)
        {
            await RenewLeaseAsync(cancellation);
            return;
        }
        Check(status, body, "create the node's Lease");
    }

    private async Task RenewLeaseAsync(CancellationToken cancellation)
    {
        var (status, body) = await api.SendAsync(HttpMethod.Patch, $"{LeasePath}/{node.Name}",
            new JsonObject { ["spec"] = new JsonObject { ["holderIdentity"] = node.Name, ["renewTime"] = NodeManifest.MicroTime(DateTimeOffset.UtcNow) } }, cancellation);
        if (status == HttpStatusCode.NotFound)
        {
            await TakeLeaseAsync(null, cancellation);
            return;
        }
        Check(status, body, "renew the node's Lease");
    }

    /// <exception cref="InvalidOperationException">the API refused: its status and message.</exception>
    private static void Check(HttpStatusCode status, JsonNode? body, string what)
    {
        if ((int)status is < 200 or > 299)
        {
            throw new InvalidOperationException($"could not {what}: {ApiClient.Describe(status, body)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
