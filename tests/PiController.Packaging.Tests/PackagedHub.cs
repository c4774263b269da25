namespace PiController.Packaging.Tests;

/// <summary>
/// The hub as its package installs it, run from the unpacked pi-controller-hub .deb: /usr/bin/pi-controller (the
/// symlink into /usr/lib/pi-controller, where SQLite is) with the agent packages it brings along.
/// </summary>
internal sealed class PackagedHub : IDisposable
{
    private readonly TempDirectory _data = new("pic-pkg-hub-");
    private TestProcess? _process;

    private PackagedHub(string root) => Root = root;

    public string Root { get; }

    public string DataDirectory => _data.Path;

    public int Port { get; } = LoopbackPort.Free();

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public string Output => _process?.Output ?? "";

    public HubClient Client() => new(Address, DataDirectory);

    public static async Task<PackagedHub> StartAsync(PackagesFixture packages)
    {
        var hub = new PackagedHub(await packages.ExtractAsync(packages.Deb("pi-controller-hub", "amd64")));
        hub._process = TestProcess.Start(Path.Join(hub.Root, "usr/bin/pi-controller"),
            // mDNS off: multicast only inside network namespaces (tests/PiController.Network.Tests).
            ["serve", "--data-dir", hub.DataDirectory, "--address", "127.0.0.1", "--port", hub.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mdns", "off"],
            new Dictionary<string, string> { ["PI_CONTROLLER_BUNDLED_PACKAGES"] = Path.Join(hub.Root, "usr/share/pi-controller/packages") });
        await hub._process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(60));
        return hub;
    }

    public Task<int> StopAsync() => _process!.TerminateAsync(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _process?.Dispose();
        _data.Dispose();
    }
}
