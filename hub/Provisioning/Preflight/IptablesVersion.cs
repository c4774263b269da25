using System.Text.RegularExpressions;

namespace PiController.Hub.Provisioning.Preflight;

/// <summary>
/// The output of <c>iptables --version</c>: "iptables v1.8.7 (nf_tables)", "iptables v1.8.9 (legacy)", "iptables v1.6.1"
/// (before 1.8 there was no nft mode). Versions 1.8.0 to 1.8.4 in nft mode duplicate rules without end (k3s-io/k3s#3117).
/// </summary>
internal sealed partial record IptablesVersion(Version Version, bool Nft)
{
    public static IptablesVersion? Parse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text);
        return match is { Success: true } && Version.TryParse(match.Groups["version"].Value, out var version)
            ? new IptablesVersion(version, match.Groups["mode"].Value == "nf_tables")
            : null;
    }

    public bool DuplicatesRules => Nft && Version >= new Version(1, 8, 0) && Version <= new Version(1, 8, 4);

    public override string ToString() => $"{Version} ({(Nft ? "nf_tables" : "legacy")})";

    [GeneratedRegex(@"^iptables v(?<version>\d+\.\d+(?:\.\d+)?)(?:\s+\((?<mode>nf_tables|legacy)\))?", RegexOptions.Multiline)]
    private static partial Regex Pattern();
}
