using System.Globalization;
using System.Text.RegularExpressions;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// A K3s release (v1.31.4+k3s1) or a kubelet's version as a node reports it (status.nodeInfo.kubeletVersion is the
/// same text on K3s): Kubernetes major, minor and patch, then the K3s revision. Ordered as releases, not as text.
/// </summary>
internal sealed partial record ReleaseVersion(int Major, int Minor, int Patch, int Revision, string Text) : IComparable<ReleaseVersion>
{
    /// <summary>The version, or null when <paramref name="text"/> is not one.</summary>
    public static ReleaseVersion? Parse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is null || !match.Success)
        {
            return null;
        }
        int Number(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return new ReleaseVersion(Number(1), Number(2), Number(3), Number(4), text!.Trim());
    }

    /// <summary>v1.31: the minor release line.</summary>
    public string Line => $"v{Major}.{Minor}";

    public int CompareTo(ReleaseVersion? other) => other is null ? 1
        : (Major, Minor, Patch, Revision).CompareTo((other.Major, other.Minor, other.Patch, other.Revision));

    public bool SameRelease(ReleaseVersion other) => CompareTo(other) == 0;

    public override string ToString() => Text;

    [GeneratedRegex(@"^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})(?:[-+]k3s(\d{1,4}))?$")]
    private static partial Regex Pattern();
}
