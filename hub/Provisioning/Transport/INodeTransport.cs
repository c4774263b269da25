using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;

namespace PiController.Hub.Provisioning.Transport;

/// <summary>
/// One node as a plan reaches it: through its agent's stream (typed link commands) or over SSH (typed command
/// builders). The plan engine knows only this; both transports carry out the same <see cref="InstallStep"/> list, so
/// a plan is the same plan whichever way a node is reached. No method takes a command line.
/// </summary>
internal interface INodeTransport : IAsyncDisposable
{
    /// <summary>The node as a person reads it in a plan and an error: "agent pi-01", "ssh pi@10.77.5.2:22".</summary>
    string Description { get; }

    /// <summary>
    /// The address other nodes reach this node at (the agent's remote address, the SSH host), which the plan writes
    /// as the first server's address into every joining node's config; null when the transport cannot say, and the
    /// plan falls back to the address the hub last saw the node's agent connect from.
    /// </summary>
    string? Address => null;

    /// <summary>Reads the live facts the preflight judges (<see cref="PreflightRules"/>); what cannot be read is null.</summary>
    /// <param name="otherHostnames">The hostnames of the cluster's other nodes, copied into the facts.</param>
    /// <param name="cancellationToken">Ends the read.</param>
    Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken);

    /// <summary>
    /// Carries out one step. A step that fails answers <see cref="StepResult.Succeeded"/> false with its stderr and exit
    /// code; an exception means the node could not be reached (<see cref="NodeUnreachableException"/>).
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="changedPaths">The paths earlier steps of this run changed (<see cref="RestartIfChanged"/> reads them).</param>
    /// <param name="cancellationToken">Ends the step.</param>
    Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken);

    /// <summary>The content of one file K3s writes, or null when it is not (yet) there.</summary>
    Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken);

    /// <summary>The unit's ActiveState as systemd reports it (active, activating, failed, inactive).</summary>
    /// <param name="unit">k3s or k3s-agent; anything else is refused.</param>
    /// <param name="cancellationToken">Ends the query.</param>
    Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken);

    /// <summary>/proc/sys/kernel/random/boot_id: changes when the node has rebooted.</summary>
    Task<string> BootIdAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The consented preflight fix (<c>--fix</c>): writes <paramref name="text"/> to the boot command line file
    /// <paramref name="cmdlinePath"/> (only /boot/firmware/cmdline.txt or /boot/cmdline.txt), then reboots the node.
    /// The caller waits for <see cref="BootIdAsync"/> to change.
    /// </summary>
    Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken);

    /// <summary>
    /// <c>k3s etcd-snapshot save|ls|prune</c> on this node, built by the transport from the typed request (never a
    /// command line). Nothing runs unless the node's datastore is embedded etcd (<see cref="EtcdSnapshotOutcome.Datastore"/>
    /// says which was found); a failure of K3s is <see cref="EtcdSnapshotOutcome.Error"/>; an exception means the node
    /// could not be reached (<see cref="NodeUnreachableException"/>).
    /// </summary>
    Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken);
}
