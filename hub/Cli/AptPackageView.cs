using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Packaging;

namespace PiController.Hub.Cli;

/// <summary>A package of the hub's apt pool as apt ls and apt add print it.</summary>
/// <param name="Name">the package name</param>
/// <param name="Version">its version</param>
/// <param name="Architecture">arm64, armhf, all ...</param>
/// <param name="Size">the .deb's size in bytes</param>
/// <param name="File">its file in the pool</param>
/// <param name="Sha256">the .deb's SHA-256</param>
internal sealed record AptPackageView(string Name, string Version, string Architecture, long Size, string File, string Sha256)
{
    public static readonly ObjectPrinter<AptPackageView> Printer = new("package", p => p.Name, HubJsonContext.Default.AptPackageView,
    [
        new("NAME", p => p.Name),
        new("VERSION", p => p.Version),
        new("ARCH", p => p.Architecture),
        new("SIZE", p => NodeTable.Bytes((ulong)p.Size)),
        new("BYTES", p => p.Size.ToString(CultureInfo.InvariantCulture), Wide: true),
        new("FILE", p => p.File),
        new("SHA256", p => p.Sha256, Wide: true),
    ]);

    public static AptPackageView From(DebPackage p) => new(p.Name, p.Version, p.Architecture, p.Size, p.PoolFileName, p.Sha256);
}
