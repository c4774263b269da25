namespace PiController.Hub.Provisioning.Install;

/// <summary><c>systemctl disable --now UNIT</c> and <c>reset-failed</c>: K3s stops; its pods do not (KillMode=process).</summary>
internal sealed record DisableNow(string Unit) : InstallStep;

/// <summary>
/// Ends the containers K3s left running: kills every containerd-shim process started from
/// <paramref name="DataDirectory"/>/data/*/bin (with its process tree), as k3s-killall.sh does.
/// </summary>
internal sealed record KillContainerShims(string DataDirectory) : InstallStep;

/// <summary>Unmounts (lazily, deepest first) every mount whose path starts with <paramref name="Prefix"/>, then removes those paths.</summary>
internal sealed record UnmountUnder(string Prefix) : InstallStep;

/// <summary>Deletes the network namespaces whose name starts with <paramref name="Prefix"/> (<c>cni-</c>).</summary>
internal sealed record DeleteNetworkNamespaces(string Prefix) : InstallStep;

/// <summary>Deletes a network interface K3s created (cni0, flannel.1 ...); unchanged when it does not exist.</summary>
internal sealed record DeleteNetworkInterface(string Name) : InstallStep;

/// <summary>Removes every iptables and ip6tables rule and chain whose text contains one of <paramref name="Markers"/>.</summary>
internal sealed record RemoveFirewallRules(IReadOnlyList<string> Markers) : InstallStep;

/// <summary>Removes a file or symbolic link; unchanged when it is not there. <paramref name="OnlySymlink"/>: a regular file of that name is left alone.</summary>
internal sealed record RemoveFile(string FilePath, bool OnlySymlink = false) : InstallStep
{
    public override string? Path => FilePath;
}

/// <summary>Removes a directory tree, not crossing into mounts (they were unmounted before); unchanged when absent.</summary>
internal sealed record RemoveDirectory(string DirectoryPath) : InstallStep
{
    public override string? Path => DirectoryPath;
}

/// <summary>Deletes the interfaces attached to the bridge <paramref name="Bridge"/> (the pods' veth ends), as k3s-killall.sh does before deleting the bridge.</summary>
internal sealed record DeleteBridgePorts(string Bridge) : InstallStep;
