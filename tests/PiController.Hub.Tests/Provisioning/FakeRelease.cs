using System.Security.Cryptography;
using System.Text;

namespace PiController.Hub.Tests.Provisioning;

/// <summary>
/// The files of a K3s release for arm64, made up (random bytes under the real names), with a checksums file in the
/// release's format that lists them and a few files the hub does not keep.
/// </summary>
internal sealed class FakeRelease
{
    public const string Version = "v1.33.4+k3s1";

    public FakeRelease(string directory, int binaryBytes = 300_000, int imagesBytes = 1_000_000)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllBytes(Binary, RandomNumberGenerator.GetBytes(binaryBytes));
        File.WriteAllBytes(Images, RandomNumberGenerator.GetBytes(imagesBytes));
        var lines = new StringBuilder();
        foreach (var (name, sha) in new[]
        {
            ("k3s-airgap-images-arm64.tar", Sha(RandomNumberGenerator.GetBytes(8))),
            ("k3s-airgap-images-arm64.tar.gz", Sha(RandomNumberGenerator.GetBytes(8))),
            ("k3s-airgap-images-arm64.tar.zst", Sha(File.ReadAllBytes(Images))),
            ("k3s-arm64", Sha(File.ReadAllBytes(Binary))),
            ("k3s-images.txt", Sha(RandomNumberGenerator.GetBytes(8))),
        })
        {
            lines.Append(sha).Append("  ").Append(name).Append('\n');
        }
        File.WriteAllText(Checksums, lines.ToString());
    }

    public string Directory { get; }

    public string Binary => Path.Join(Directory, "k3s-arm64");

    public string Images => Path.Join(Directory, "k3s-airgap-images-arm64.tar.zst");

    public string Checksums => Path.Join(Directory, "sha256sum-arm64.txt");

    public string BinarySha256 => Sha(File.ReadAllBytes(Binary));

    public string ImagesSha256 => Sha(File.ReadAllBytes(Images));

    /// <summary>Changes one byte of <paramref name="path"/>: same name and size, another SHA-256.</summary>
    public static void Tamper(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(path, bytes);
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
