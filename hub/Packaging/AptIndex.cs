using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PiController.Hub.Packaging;

/// <summary>
/// The index files of a one-suite, one-component apt repository ("stable main"), as pure functions of the
/// packages: the same input gives the same Packages files, which is what scripts/apt-repo writes too.
/// </summary>
internal static class AptIndex
{
    public const string Suite = "stable";
    public const string Component = "main";
    public const string PoolDirectory = "pool";

    /// <summary>Always indexed, so that a Pi's apt update succeeds even before a package of its architecture is added.</summary>
    public static readonly IReadOnlyList<string> BaseArchitectures = ["amd64", "arm64"];

    public static IReadOnlyList<string> Architectures(IEnumerable<DebPackage> packages) =>
        [.. BaseArchitectures.Concat(packages.Select(p => p.Architecture)).Where(a => a != "all").Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The Packages file of one architecture: its packages and the "all" ones, by name, version, file.</summary>
    public static string Packages(IEnumerable<DebPackage> packages, string architecture) =>
        string.Join("\n", packages
            .Where(p => p.Architecture == architecture || p.Architecture == "all")
            .OrderBy(p => p.PoolFileName, StringComparer.Ordinal)
            .Select(p => p.IndexEntry($"{PoolDirectory}/{p.PoolFileName}")));

    /// <summary>
    /// The Release file, listing the index files (path relative to dists/stable, content) with their SHA-256. apt
    /// needs one strong hash and no longer uses MD5 or SHA-1, so neither is listed (here or in Packages).
    /// </summary>
    public static string Release(IReadOnlyList<string> architectures, DateTimeOffset date, IEnumerable<(string Path, byte[] Content)> files)
    {
        var list = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("Origin: Pi-Controller\n");
        text.Append("Label: Pi-Controller\n");
        text.Append(CultureInfo.InvariantCulture, $"Suite: {Suite}\n");
        text.Append(CultureInfo.InvariantCulture, $"Codename: {Suite}\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {date.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} UTC\n");
        text.Append(CultureInfo.InvariantCulture, $"Architectures: {string.Join(' ', architectures)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Components: {Component}\n");
        text.Append("Description: Pi-Controller packages for the Pis of this fleet\n");
        text.Append("SHA256:\n");
        foreach (var (path, content) in list)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Convert.ToHexStringLower(SHA256.HashData(content))} {content.Length,16} {path}\n");
        }
        return text.ToString();
    }
}
