namespace PiController.Packaging.Tests;

/// <summary>
/// What pi-agent.service lets the agent touch, read from the unit in the source tree (systemd-analyze verify and
/// lintian check the built unit in <see cref="BuildDebTests"/>).
/// </summary>
public sealed class AgentUnitTests
{
    private static readonly string[] Unit = File.ReadAllLines(Path.Join(Repo.Root, "packaging/deb/pi-controller-agent/pi-agent.service"));

    private static string[] Values(string key) =>
        [.. Unit.Where(line => line.StartsWith(key + "=", StringComparison.Ordinal)).Select(line => line[(key.Length + 1)..])];

    [Fact]
    public void The_agent_may_write_only_its_state_directory()
    {
        Assert.Equal(["strict"], Values("ProtectSystem"));
        Assert.Equal(["pi-controller"], Values("StateDirectory"));
        // Nothing in the agent writes /etc, /usr/local, /boot or /run today; a path is granted when a feature needs it.
        Assert.Empty(Values("ReadWritePaths"));
        Assert.Empty(Values("ReadWriteDirectories"));
    }

    [Fact]
    public void The_agent_may_open_only_the_gpio_and_i2c_devices()
    {
        Assert.Equal(["closed"], Values("DevicePolicy"));
        Assert.Equal(["char-gpiochip rw", "char-i2c rw"], Values("DeviceAllow"));
    }
}
