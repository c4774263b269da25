using System.Text;
using PiController.Hub.Api;
using PiController.Hub.Provisioning.Artifacts;

namespace PiController.Hub.Tests.Provisioning;

public sealed class ReleaseChecksumsTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('B', 64);

    private static ReleaseChecksums Parse(string text) => ReleaseChecksums.Parse(Encoding.UTF8.GetBytes(text), "sha256sum-arm64.txt");

    [Fact]
    public void Lines_in_sha256sum_format_give_each_name_its_lower_case_checksum()
    {
        var checksums = Parse($"{A}  k3s-arm64\n{B} *k3s-airgap-images-arm64.tar.zst\r\n\n");

        Assert.Equal(A, checksums.Sha256Of("k3s-arm64"));
        Assert.Equal(B.ToLowerInvariant(), checksums.Sha256Of("k3s-airgap-images-arm64.tar.zst"));
        Assert.Null(checksums.Sha256Of("k3s"));
        Assert.Equal(2, checksums.Entries.Count);
    }

    [Theory]
    [InlineData("abc  k3s-arm64", 1)]
    [InlineData("AAAA\nzz{0}  k3s-arm64", 1)]
    [InlineData("{0}  k3s-arm64\n{0}", 2)]
    [InlineData("{0}  ../../etc/passwd", 1)]
    public void A_line_that_is_not_a_checksum_is_refused_with_its_line_number(string template, int line)
    {
        var e = Assert.Throws<HubException>(() => Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, A)));

        Assert.Equal(HubErrorKind.Invalid, e.Kind);
        Assert.StartsWith($"sha256sum-arm64.txt:{line}: expected \"<sha256>  <file name>\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_listed_twice_with_different_checksums_is_refused()
    {
        var e = Assert.Throws<HubException>(() => Parse($"{A}  k3s-arm64\n{B}  k3s-arm64\n"));

        Assert.Contains("sha256sum-arm64.txt:2: k3s-arm64 is listed twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_and_a_binary_file_are_refused()
    {
        Assert.Contains("lists no files", Assert.Throws<HubException>(() => Parse("\n\n")).Message, StringComparison.Ordinal);
        Assert.Contains("is not text", Assert.Throws<HubException>(() => ReleaseChecksums.Parse([0xff, 0xfe, 0x00], "x")).Message, StringComparison.Ordinal);
    }
}
