namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// What the hub knows about one node of a cluster when it builds that node's K3s configuration.
/// </summary>
/// <param name="Role">Server or agent.</param>
/// <param name="NodeName">The Kubernetes node name (<see cref="K3sNodeName"/> chooses it).</param>
/// <param name="FirstServerAddress">Null on the first server (it initialises the cluster); otherwise the address every
/// other node joins through, as https://ADDRESS:6443.</param>
/// <param name="ServerAddresses">The addresses of every server, for tls-san (servers only).</param>
/// <param name="Labels">Node labels from the hardware report (<see cref="HardwareLabels"/>).</param>
/// <param name="MemoryMegabytes">The board's memory, for the kubelet reservations; null when unknown.</param>
/// <param name="PreferBundledBin">True when the preflight found a host iptables K3s must not use (1.8.0-1.8.4, nft).</param>
internal sealed record K3sNodeSpec(
    K3sRole Role,
    string NodeName,
    string? FirstServerAddress,
    IReadOnlyList<string> ServerAddresses,
    IReadOnlyDictionary<string, string> Labels,
    uint? MemoryMegabytes,
    bool PreferBundledBin)
{
    public bool IsFirstServer => Role == K3sRole.Server && FirstServerAddress is null;
}
