using System.Text.RegularExpressions;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// How K3s names a release and its files, as its release page and install.sh do: versions like
/// <c>v1.33.4+k3s1</c> (or <c>v1.34.0-rc1+k3s1</c>); per architecture a binary (<c>k3s</c> for amd64,
/// <c>k3s-arm64</c>, <c>k3s-armhf</c> for arm), an images tarball <c>k3s-airgap-images-ARCH.tar.zst</c> (also
/// <c>.tar.gz</c> and <c>.tar</c>) and the checksums file <c>sha256sum-ARCH.txt</c> that lists them all.
/// </summary>
internal static partial class K3sRelease
{
    /// <summary>The architectures K3s publishes for Linux that a Pi or a hub machine runs.</summary>
    public static readonly IReadOnlyList<string> Architectures = ["arm64", "amd64", "arm"];

    private static readonly string[] ImageExtensions = [".tar.zst", ".tar.gz", ".tar"];

    /// <summary>Throws <see cref="HubErrorKind.Invalid"/> unless <paramref name="version"/> is a K3s release tag.</summary>
    public static string CheckVersion(string? version) =>
        version is not null && Version().IsMatch(version)
            ? version
            : throw new HubException(HubErrorKind.Invalid,
                $"version must be a K3s release such as v1.33.4+k3s1, got \"{TextRules.Excerpt(version ?? "")}\"; the releases are listed at https://github.com/k3s-io/k3s/releases");

    /// <summary>Throws <see cref="HubErrorKind.Invalid"/> unless <paramref name="arch"/> is arm64, amd64 or arm (armhf).</summary>
    public static string CheckArch(string? arch) => arch switch
    {
        "arm64" or "aarch64" => "arm64",
        "amd64" or "x86_64" => "amd64",
        "arm" or "armhf" => "arm",
        _ => throw new HubException(HubErrorKind.Invalid,
            $"arch must be arm64 (Pi 3, 4, 5 and Zero 2 W on a 64-bit OS), amd64 or arm (armhf, 32-bit Pi OS), got \"{TextRules.Excerpt(arch ?? "")}\""),
    };

    public static string Binary(string arch) => arch switch
    {
        "amd64" => "k3s",
        "arm" => "k3s-armhf",
        _ => "k3s-" + arch,
    };

    public static string Images(string arch) => $"k3s-airgap-images-{arch}.tar.zst";

    public static string Checksums(string arch) => $"sha256sum-{arch}.txt";

    /// <summary>What <paramref name="name"/> is in a release for <paramref name="arch"/>, or null if the hub keeps no such file.</summary>
    public static ArtifactKind? KindOf(string name, string arch)
    {
        if (name == Binary(arch))
        {
            return ArtifactKind.Binary;
        }
        var images = $"k3s-airgap-images-{arch}";
        return name.StartsWith(images, StringComparison.Ordinal) && ImageExtensions.Contains(name[images.Length..], StringComparer.Ordinal)
            ? ArtifactKind.Images
            : null;
    }

    /// <summary>The names the hub accepts for <paramref name="arch"/>, for messages.</summary>
    public static string Accepted(string arch) => $"{Binary(arch)} and k3s-airgap-images-{arch}.tar.zst (or .tar.gz, .tar)";

    [GeneratedRegex(@"^v[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(-rc[0-9]{1,3})?\+k3s[0-9]{1,3}$")]
    private static partial Regex Version();
}

/// <summary>What a kept file is for: the binary goes to /usr/local/bin/k3s, the images to the agent's images directory.</summary>
internal enum ArtifactKind
{
    Binary,
    Images,
}
