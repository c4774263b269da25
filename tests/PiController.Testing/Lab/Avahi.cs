namespace PiController.Testing.Lab;

/// <summary>
/// avahi-daemon (with its own dbus-daemon) on one lab host, in a private mount namespace so that /run and
/// /etc/avahi/services are the test's own (TESTING.md). Browse and publish with avahi-utils on the same bus.
/// </summary>
public sealed class Avahi
{
    private readonly NetworkLab _lab;
    private readonly int _host;
    private readonly string _directory;

    private Avahi(NetworkLab lab, int host, string directory) => (_lab, _host, _directory) = (lab, host, directory);

    public TestProcess Daemon { get; private set; } = null!;

    private Dictionary<string, string> Bus => new() { ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={_directory}/bus" };

    public static async Task<Avahi> StartAsync(NetworkLab lab, int host)
    {
        var directory = TempDirectory.Kept("pi-net", "avahi");
        Directory.CreateDirectory(Path.Join(directory, "services"));
        await File.WriteAllTextAsync(Path.Join(directory, "avahi-daemon.conf"), $"""
            [server]
            host-name=avahi-{host}
            use-ipv4=yes
            use-ipv6=no
            allow-interfaces=eth0
            enable-dbus=yes
            [publish]
            publish-aaaa-on-ipv4=no
            publish-workstation=no
            """);
        await File.WriteAllTextAsync(Path.Join(directory, "dbus.conf"), $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path={directory}/bus</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/><allow own="*"/>
                <allow send_destination="*" eavesdrop="true"/><allow receive_sender="*"/><allow eavesdrop="true"/>
              </policy>
            </busconfig>
            """);
        await File.WriteAllTextAsync(Path.Join(directory, "run.sh"), $"""
            mount -t tmpfs tmpfs /run && mkdir -p /run/avahi-daemon /run/dbus
            mount --bind {directory}/services /etc/avahi/services
            dbus-daemon --config-file={directory}/dbus.conf --nofork --nopidfile &
            for i in 1 2 3 4 5 6 7 8 9 10; do [ -S {directory}/bus ] && break; sleep 0.2; done
            exec avahi-daemon -f {directory}/avahi-daemon.conf --no-drop-root --no-chroot --no-rlimits
            """);
        var avahi = new Avahi(lab, host, directory);
        avahi.Daemon = lab.Start(host, "unshare", ["-m", "--propagation", "private", "sh", Path.Join(directory, "run.sh")], avahi.Bus);
        await avahi.Daemon.WaitForLineAsync("Server startup complete", TimeSpan.FromSeconds(30));
        return avahi;
    }

    /// <summary>avahi-browse -rpt: resolves every instance of the type once and ends.</summary>
    public async Task<string> BrowseAsync(string serviceType)
    {
        using var browse = TestProcess.Start("ip", ["netns", "exec", _lab.Host(_host), "avahi-browse", "-rpt", serviceType], Bus);
        await browse.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        return browse.Output;
    }

    /// <summary>avahi-publish -s: publishes until the lab ends.</summary>
    public async Task PublishAsync(string name, string serviceType, int port, params string[] txt)
    {
        var publish = _lab.Start(_host, "avahi-publish", ["-s", name, serviceType, port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. txt], Bus);
        await publish.WaitForLineAsync("Established", TimeSpan.FromSeconds(30));
    }
}
