using System.Text;

namespace PiController.Discovery;

/// <summary>
/// The DNS-SD schema both programs announce and browse (RFC 6763): service types, TXT keys, and how instance
/// and host labels are made from a node id or a hostname.
/// </summary>
public static class MdnsSchema
{
    /// <summary>Announced by every pi-agent. It listens on no port (it dials the hub), so its SRV port is 0.</summary>
    public const string AgentService = "_pi-agent._tcp";

    /// <summary>Announced by the hub, with its TLS port and its CA fingerprint.</summary>
    public const string HubService = "_pi-controller._tcp";

    public const string Domain = "local";

    /// <summary>TXT keys (RFC 6763 §6: short, lower case; txtvers first).</summary>
    public const string TxtVersion = "txtvers";
    public const string NodeIdKey = "id";
    public const string ModelKey = "model";
    public const string ArchitectureKey = "arch";
    public const string AgentVersionKey = "ver";
    public const string EnrolledKey = "enrolled";
    public const string CaFingerprintKey = "ca";
    public const string HubVersionKey = "ver";

    /// <summary>TTLs from RFC 6762 §10: 120 s for records that name a host, 75 minutes for the others.</summary>
    public static readonly TimeSpan HostRecordTtl = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan OtherRecordTtl = TimeSpan.FromMinutes(75);

    /// <summary>
    /// A host label of our own (never the machine's hostname, which avahi-daemon owns on Raspberry Pi OS):
    /// lower-case letters, digits and '-', at most 63 bytes.
    /// </summary>
    public static string HostLabel(string prefix, string name)
    {
        var label = new StringBuilder(prefix.Length + name.Length + 1).Append(prefix).Append('-');
        foreach (var c in name.ToLowerInvariant())
        {
            label.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        return label.Length > 63 ? label.ToString(0, 63) : label.ToString();
    }

    /// <summary>A service instance label: any UTF-8 except that it fits in 63 bytes (RFC 6763 §4.1.1).</summary>
    public static string InstanceLabel(string name)
    {
        var cleaned = name.Replace('.', '-');
        while (Encoding.UTF8.GetByteCount(cleaned) > 63)
        {
            cleaned = cleaned[..^1];
        }
        return cleaned;
    }

    /// <summary>The next name to try after a conflict: "name (2)", "name (3)" ... (RFC 6762 §9, RFC 6763 Appendix D).</summary>
    public static string NextInstanceLabel(string label)
    {
        var open = label.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && label.EndsWith(')') && int.TryParse(label.AsSpan(open + 2, label.Length - open - 3), out var n))
        {
            return InstanceLabel($"{label[..open]} ({n + 1})");
        }
        return InstanceLabel(label + " (2)");
    }

    /// <summary>The next host label after a conflict: "host-2", "host-3" ...</summary>
    public static string NextHostLabel(string label)
    {
        var dash = label.LastIndexOf('-');
        if (dash > 0 && int.TryParse(label.AsSpan(dash + 1), out var n) && n >= 2)
        {
            return $"{label[..dash]}-{n + 1}";
        }
        return label + "-2";
    }
}
