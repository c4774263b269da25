namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// Chooses a node's Kubernetes name. The hostname when it is a valid name (a DNS label: lowercase letters, digits
/// and '-', at most 63, starting and ending with a letter or digit) and no other node of the cluster has it; otherwise
/// "pi-" and the hub's node id (the board's serial), because every Pi OS image starts as "raspberrypi" and K3s needs
/// names to be unique.
/// </summary>
internal static class K3sNodeName
{
    public static (string Name, string Reason) Choose(string? hostname, string nodeId, IEnumerable<string> otherNames)
    {
        var others = otherNames.Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var host = hostname?.Trim().ToLowerInvariant();
        if (host is not null && IsDnsLabel(host) && !others.Contains(host))
        {
            return (host, "the node's hostname");
        }
        var id = new string(nodeId.ToLowerInvariant().Where(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-').ToArray()).Trim('-');
        var name = ("pi-" + id)[..Math.Min(63, 3 + id.Length)].TrimEnd('-');
        var why = host is null ? "the node reported no hostname"
            : !IsDnsLabel(host) ? $"the hostname \"{host}\" is not a valid node name"
            : $"another node of the cluster is also called \"{host}\"";
        return (name, why + "; named after the board's serial instead");
    }

    public static bool IsDnsLabel(string name) =>
        name.Length is > 0 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
