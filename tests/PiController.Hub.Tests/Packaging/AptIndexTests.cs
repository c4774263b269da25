using PiController.Hub.Packaging;

namespace PiController.Hub.Tests.Packaging;

public sealed class AptIndexTests
{
    private static readonly DebPackage Arm64 = new("Package: pi-controller-agent\nVersion: 0.2.0\nArchitecture: arm64", "pi-controller-agent", "0.2.0", "arm64", 1234, new string('a', 64));
    private static readonly DebPackage Amd64 = Arm64 with { Control = "Package: pi-controller-agent\nVersion: 0.2.0\nArchitecture: amd64", Architecture = "amd64" };
    private static readonly DebPackage Docs = new("Package: pi-docs\nVersion: 1:2.0\nArchitecture: all", "pi-docs", "1:2.0", "all", 7, new string('b', 64));

    [Fact]
    public void Each_architecture_lists_its_own_packages_and_the_architecture_independent_ones()
    {
        var arm64 = AptIndex.Packages([Amd64, Docs, Arm64], "arm64");
        Assert.Equal(
            "Package: pi-controller-agent\nVersion: 0.2.0\nArchitecture: arm64\nFilename: pool/pi-controller-agent_0.2.0_arm64.deb\nSize: 1234\nSHA256: " + new string('a', 64) + "\n"
            + "\nPackage: pi-docs\nVersion: 1:2.0\nArchitecture: all\nFilename: pool/pi-docs_2.0_all.deb\nSize: 7\nSHA256: " + new string('b', 64) + "\n",
            arm64);
        Assert.DoesNotContain("amd64", arm64, StringComparison.Ordinal);
        Assert.Equal(["amd64", "arm64"], AptIndex.Architectures([Docs]));
        Assert.Equal(["amd64", "arm64", "armhf"], AptIndex.Architectures([Arm64 with { Architecture = "armhf" }]));
    }

    [Fact]
    public void Release_lists_every_index_with_its_size_and_sha256()
    {
        var release = AptIndex.Release(["amd64", "arm64"], new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
            [("main/binary-arm64/Packages", "abc"u8.ToArray()), ("main/binary-amd64/Packages", Array.Empty<byte>())]);
        Assert.Contains("Suite: stable\nCodename: stable\nDate: Sun, 01 Jun 2025 12:00:00 UTC\nArchitectures: amd64 arm64\nComponents: main\n", release, StringComparison.Ordinal);
        Assert.EndsWith(
            "SHA256:\n e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855                0 main/binary-amd64/Packages\n"
            + " ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad                3 main/binary-arm64/Packages\n",
            release, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dists/stable/InRelease", true)]
    [InlineData("pool/pi-controller-agent_0.2.0_arm64.deb", true)]
    [InlineData("pi-controller.gpg", true)]
    [InlineData("../apt-signing.key", false)]
    [InlineData("pool/../../admin.token", false)]
    [InlineData("dists/stable/Release.tmp", false)]
    [InlineData("pool/.incoming-0123", false)]
    public void Only_the_files_of_the_repository_layout_are_served(string path, bool served)
    {
        using var directory = new TempDirectory();
        var root = Path.Join(directory.Path, "apt");
        foreach (var file in new[] { "dists/stable/InRelease", "dists/stable/Release.tmp", "pool/pi-controller-agent_0.2.0_arm64.deb", "pool/.incoming-0123", "pi-controller.gpg" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(root, file))!);
            File.WriteAllText(Path.Join(root, file), "x");
        }
        File.WriteAllText(directory.File("apt-signing.key"), "secret");
        File.WriteAllText(directory.File("admin.token"), "secret");
        using var repository = new AptRepository(root, () => throw new InvalidOperationException("resolving a path needs no key"), null, TimeProvider.System);
        Assert.Equal(served, repository.Resolve(path) is not null);
    }
}
