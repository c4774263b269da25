using System.Security.Cryptography;
using System.Text;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// The hub name of a custom resource's projection: a DNS label (the hub's name rule: at most 63 lowercase letters,
/// digits and '-'), readable as CLUSTER-NAMESPACE-NAME and made unique by 8 hex digits of the SHA-256 of
/// CLUSTER/NAMESPACE/NAME, because the readable part is cut to fit and a custom resource's name may hold dots.
/// </summary>
internal static class ProjectionNames
{
    private const int HashLength = 8;

    public static string Of(string cluster, string ns, string name)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{cluster}/{ns}/{name}")))[..HashLength];
        var readable = new StringBuilder();
        foreach (var c in $"{cluster}-{ns}-{name}".ToLowerInvariant())
        {
            var kept = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (kept != '-' || (readable.Length > 0 && readable[^1] != '-'))
            {
                readable.Append(kept);
            }
        }
        var prefix = readable.ToString(0, Math.Min(readable.Length, 63 - HashLength - 1)).Trim('-');
        return prefix.Length == 0 ? "cr-" + hash : $"{prefix}-{hash}";
    }
}
