using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Tests.Provisioning.Clusters;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// A test double of a node transport for the upgrade tests: <see cref="TestDoubleTransport"/> (files, units, the
/// facts of a healthy Pi 4), plus what an upgrade needs of K3s (<see cref="StandInK3s"/>): placing a binary keeps the
/// one it replaces as k3s.previous, restoring exchanges the two, and every start of the unit registers the kubelet
/// in the API double on the release it now has.
/// </summary>
internal sealed class UpgradeTransport(string node, StandInK3s k3s) : INodeTransport
{
    private readonly TestDoubleTransport _inner = new(node, k3s.Nodes);

    public string Description => _inner.Description;

    public string? Address => _inner.Address;

    public Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken) =>
        _inner.EtcdSnapshotAsync(request, cancellationToken);

    public Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken) =>
        _inner.GatherFactsAsync(otherHostnames, cancellationToken);

    public async Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken)
    {
        var files = k3s.Nodes.FilesOf(node);
        switch (step)
        {
            case PlaceBinary place when place.KeepPrevious && files.TryGetValue(place.BinaryPath, out var current) && current != place.Sha256:
                files[place.PreviousPath] = current;
                break;
            case RestorePreviousBinary restore:
                k3s.Nodes.Record(node, InstallStepText.Render(step));
                if (restore.Sha256 is not null && files.GetValueOrDefault(restore.BinaryPath) == restore.Sha256)
                {
                    return StepResult.Done(false);
                }
                if (!files.TryGetValue(restore.PreviousPath, out var kept) || (restore.Sha256 is not null && kept != restore.Sha256))
                {
                    return StepResult.Failed($"there is no {restore.PreviousPath} of that release on this node", "", 1);
                }
                files[restore.PreviousPath] = files[restore.BinaryPath];
                files[restore.BinaryPath] = kept;
                return StepResult.Done(true);
        }
        var result = await _inner.RunAsync(step, changedPaths, cancellationToken);
        if (result.Succeeded && step is EnableNow or RestartIfChanged && k3s.Nodes.Units.GetValueOrDefault($"{node}/{Unit(step)}") == "active")
        {
            k3s.Register(node, Address);
        }
        return result;
    }

    public Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken) => _inner.ReadK3sFileAsync(file, cancellationToken);

    public Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken) => _inner.ServiceStateAsync(unit, cancellationToken);

    public Task<string> BootIdAsync(CancellationToken cancellationToken) => _inner.BootIdAsync(cancellationToken);

    public Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken) =>
        _inner.FixBootCmdlineAndRebootAsync(cmdlinePath, text, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Unit(InstallStep step) => step is EnableNow e ? e.Unit : ((RestartIfChanged)step).Unit;
}
