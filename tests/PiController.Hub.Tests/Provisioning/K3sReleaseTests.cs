using PiController.Hub.Api;
using PiController.Hub.Provisioning.Artifacts;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sReleaseTests
{
    [Theory]
    [InlineData("v1.33.4+k3s1")]
    [InlineData("v1.30.14+k3s2")]
    [InlineData("v1.34.0-rc1+k3s1")]
    public void Release_tags_are_versions(string version) => Assert.Equal(version, K3sRelease.CheckVersion(version));

    [Theory]
    [InlineData("1.33.4+k3s1")]
    [InlineData("v1.33.4")]
    [InlineData("v1.33.4+k3s1/../../etc")]
    [InlineData("latest")]
    [InlineData("")]
    public void Anything_else_is_refused_with_an_example(string version)
    {
        var e = Assert.Throws<HubException>(() => K3sRelease.CheckVersion(version));

        Assert.Equal(HubErrorKind.Invalid, e.Kind);
        Assert.StartsWith("version must be a K3s release such as v1.33.4+k3s1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arm64", "arm64", "k3s-arm64", "sha256sum-arm64.txt")]
    [InlineData("aarch64", "arm64", "k3s-arm64", "sha256sum-arm64.txt")]
    [InlineData("amd64", "amd64", "k3s", "sha256sum-amd64.txt")]
    [InlineData("armhf", "arm", "k3s-armhf", "sha256sum-arm.txt")]
    public void Each_architecture_has_the_file_names_of_the_release_page(string given, string arch, string binary, string checksums)
    {
        Assert.Equal(arch, K3sRelease.CheckArch(given));
        Assert.Equal(binary, K3sRelease.Binary(arch));
        Assert.Equal(checksums, K3sRelease.Checksums(arch));
        Assert.Equal(ArtifactKind.Binary, K3sRelease.KindOf(binary, arch));
        Assert.Equal(ArtifactKind.Images, K3sRelease.KindOf($"k3s-airgap-images-{arch}.tar.zst", arch));
    }

    [Fact]
    public void Files_of_another_architecture_or_that_the_hub_does_not_keep_have_no_kind()
    {
        Assert.Null(K3sRelease.KindOf("k3s", "arm64"));
        Assert.Null(K3sRelease.KindOf("k3s-airgap-images-amd64.tar.zst", "arm64"));
        Assert.Null(K3sRelease.KindOf("k3s-images.txt", "arm64"));
        Assert.Throws<HubException>(() => K3sRelease.CheckArch("riscv64"));
    }
}
