using System.Net;
using System.Text;

namespace PiController.Hub.Tests.Packaging;

/// <summary>The apt signing key as the running hub keeps it.</summary>
public sealed class AptRepositoryKeyTests
{
    [Fact]
    public async Task The_running_hub_keeps_its_apt_signing_key_sealed_not_in_clear()
    {
        await using var hub = await InProcessHub.StartAsync();
        using var anonymous = hub.Http();

        using var release = await anonymous.GetAsync(new Uri("/apt/dists/stable/InRelease", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.False(File.Exists(Path.Join(hub.DataDirectory, "apt-signing.key")), "the apt signing key is kept in clear");
        Assert.True(File.Exists(Path.Join(hub.DataDirectory, "apt-signing.key.enc")));
        foreach (var path in Directory.GetFiles(hub.DataDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain("PRIVATE KEY", Encoding.ASCII.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
        }
    }
}
