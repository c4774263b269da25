using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>
/// A test double of a node transport, registered as an <see cref="INodeTransportProvider"/> for ssh: targets in a real
/// in-process hub: it carries out typed steps on <see cref="TestDoubleNodes"/> (files kept with their content,
/// units started), answers the facts of a healthy Pi 4, and behaves as K3s at its edges: a started server writes
/// its kubeconfig, and its server CA is the cluster's.
/// </summary>
internal sealed class TestDoubleTransport(string node, TestDoubleNodes nodes) : INodeTransport
{
    public string Description => "test double " + node;

    public string? Address => "10.77.0." + (node.Sum(c => c) % 200 + 10).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken) =>
        Task.FromResult(PreflightSamples.HealthyPi4() with { Hostname = node, OtherHostnames = otherHostnames });

    public async Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken)
    {
        var text = InstallStepText.Render(step);
        nodes.Record(node, text);
        if (step is PlaceBinary)
        {
            await nodes.ArriveAsync(node, cancellationToken);
        }
        if (nodes.Hold is { } hold && hold.Node == node && text.StartsWith(hold.StepStart, StringComparison.Ordinal))
        {
            nodes.Held.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (nodes.FailOnce is { } fail && fail.Node == node && text.StartsWith(fail.StepStart, StringComparison.Ordinal))
        {
            nodes.FailOnce = null;
            return StepResult.Failed(fail.Stderr, "", 1);
        }
        var files = nodes.FilesOf(node);
        switch (step)
        {
            case WriteFile write:
                var content = write.Content.Reveal();
                var changed = !(write.OnlyIfAbsent && files.ContainsKey(write.FilePath)) && files.GetValueOrDefault(write.FilePath) != content;
                if (changed)
                {
                    files[write.FilePath] = content;
                }
                return StepResult.Done(changed);
            case PlaceBinary binary:
                var replaced = files.GetValueOrDefault(binary.BinaryPath) != binary.Sha256;
                files[binary.BinaryPath] = binary.Sha256;
                return StepResult.Done(replaced);
            case EnableNow or RestartIfChanged when TestDoubleNodes.IsServerUnit(step) || step is EnableNow { Unit: "k3s-agent" } or RestartIfChanged { Unit: "k3s-agent" }:
                if (step is RestartIfChanged restart && !restart.IsDue(changedPaths))
                {
                    return StepResult.Done(false);
                }
                Start(step is EnableNow e ? e.Unit : ((RestartIfChanged)step).Unit, files);
                return StepResult.Done(true);
            case RemoveFile remove:
                return StepResult.Done(files.TryRemove(remove.FilePath, out _));
            case RemoveDirectory directory:
                var under = files.Keys.Where(p => p.StartsWith(directory.DirectoryPath + "/", StringComparison.Ordinal)).ToList();
                under.ForEach(p => files.TryRemove(p, out _));
                return StepResult.Done(under.Count > 0);
            case DisableNow disable:
                return StepResult.Done(nodes.Units.TryRemove($"{node}/{disable.Unit}", out _));
            default:
                return StepResult.Done(false, "nothing to do on a test double");
        }
    }

    public Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken) =>
        Task.FromResult(nodes.FilesOf(node).GetValueOrDefault(K3sFiles.PathOf(file)));

    public Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken) =>
        Task.FromResult(nodes.Units.GetValueOrDefault($"{node}/{unit}", "inactive"));

    public Task<string> BootIdAsync(CancellationToken cancellationToken) => Task.FromResult("boot-1");

    public Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken) =>
        throw new NodeUnreachableException("the test double does not reboot");

    /// <summary>
    /// K3s's etcd-snapshot at its edges: a server whose k3s unit runs keeps embedded etcd (the plan's servers start with
    /// cluster-init or join one) unless the test says otherwise (<see cref="TestDoubleNodes.Datastores"/>); save adds
    /// on-demand-NODE-UNIXTIME, prune keeps the newest on-demand ones, ls lists them. Each call is in the journal.
    /// </summary>
    public Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken)
    {
        nodes.Record(node, request.Text);
        if (nodes.Unreachable.Contains(node))
        {
            throw new NodeUnreachableException($"{node} does not answer (test double)");
        }
        var datastore = nodes.Datastores.TryGetValue(node, out var set) ? set
            : nodes.Units.GetValueOrDefault($"{node}/k3s") == "active" ? EtcdDatastore.Etcd : EtcdDatastore.None;
        if (datastore != EtcdDatastore.Etcd)
        {
            return Task.FromResult(new EtcdSnapshotOutcome(null, datastore, false, "", []));
        }
        var snapshots = nodes.SnapshotsOf(node);
        var changed = false;
        lock (snapshots)
        {
            switch (request.Action)
            {
                case EtcdSnapshotAction.Save:
                    var at = nodes.Clock.GetUtcNow();
                    var name = $"{request.Name ?? "on-demand"}-{node}-{at.ToUnixTimeSeconds()}";
                    snapshots.Add(new SnapshotFile(name, $"file:///var/lib/rancher/k3s/server/db/snapshots/{name}", 1000 + snapshots.Count, at));
                    changed = true;
                    break;
                case EtcdSnapshotAction.Prune:
                    var old = snapshots.Where(s => s.Name.StartsWith("on-demand-", StringComparison.Ordinal)).OrderByDescending(s => s.Created).Skip(request.Retention).ToList();
                    old.ForEach(s => snapshots.Remove(s));
                    changed = old.Count > 0;
                    break;
            }
            return Task.FromResult(new EtcdSnapshotOutcome(null, datastore, changed, changed ? $"{request.Action} done" : "", [.. snapshots]));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Start(string unit, System.Collections.Concurrent.ConcurrentDictionary<string, string> files)
    {
        if (unit == "k3s")
        {
            // K3s at its edges: a joining server receives the cluster's CA; every server writes its admin kubeconfig.
            if (nodes.ClusterServerCa is { } ca)
            {
                files.TryAdd(K3sFiles.PathOf(K3sFile.ServerCa), ca);
            }
            files[K3sFiles.PathOf(K3sFile.Kubeconfig)] = TestDoubleNodes.Kubeconfig;
        }
        nodes.Units[$"{node}/{unit}"] = "active";
    }
}
