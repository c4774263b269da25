using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Trust;

/// <summary>One file of a cluster's CA set as it is placed on a server: absolute path, content, mode.</summary>
internal sealed record TrustFile(string Path, FileContent Content, UnixFileMode Mode)
{
    public const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode CertificateMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
