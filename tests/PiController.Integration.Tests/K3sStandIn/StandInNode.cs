using System.Text.Json;
using PiController.Hub.Provisioning.Install;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>
/// One host for the stand-in k3s: a temporary root (K3S_STANDIN_ROOT) holding the files the provisioner's install
/// steps write (config.yaml, the drop-in, the CA files; the env file's variables become the process's environment,
/// as systemd's EnvironmentFile= makes them), a NOTIFY_SOCKET the test listens on, and the stand-in as a process.
/// </summary>
internal sealed class StandInNode : IDisposable
{
    private readonly TempDirectory _root = new("pic-k3s-");
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public StandInNode()
    {
        Notify = new NotifySocket(_root.File("notify.sock"));
        _environment["K3S_STANDIN_ROOT"] = Root;
        _environment["NOTIFY_SOCKET"] = Notify.Path;
    }

    public string Root => _root.Path;

    public NotifySocket Notify { get; }

    public TestProcess? Process { get; private set; }

    /// <summary>A host path (/etc/rancher/k3s/...) inside this node's root.</summary>
    public string HostPath(string path) => Path.Join(Root, path);

    /// <summary>Writes every file step of <paramref name="steps"/> under the root; the env file's lines become environment variables.</summary>
    public void Apply(IEnumerable<InstallStep> steps)
    {
        foreach (var write in steps.OfType<WriteFile>())
        {
            if (write.Kind == FileKind.Environment)
            {
                foreach (var line in write.Content.Reveal().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = line.IndexOf('=', StringComparison.Ordinal);
                    _environment[line[..equals]] = line[(equals + 1)..];
                }
            }
            else if (write.Kind != FileKind.Unit)
            {
                WriteFile(write.FilePath, write.Content.Reveal());
            }
        }
    }

    public void WriteFile(string hostPath, string content)
    {
        var path = HostPath(hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void SetEnvironment(string name, string value) => _environment[name] = value;

    /// <summary>The stand-in binary this node runs (a copy claiming another version, for an upgrade).</summary>
    public string Binary { get; set; } = Repo.K3sStandIn;

    /// <summary>Starts the stand-in (after the previous run of this node, if any, has been ended by the test).</summary>
    public TestProcess Start(params string[] arguments)
    {
        Process?.Dispose();
        return Process = TestProcess.Start(Binary, arguments, _environment);
    }

    /// <summary>Runs the stand-in to its end (a refusal, a one-shot command).</summary>
    public Task<Run.Result> RunAsync(params string[] arguments) =>
        Run.Async(Binary, arguments, Root, _environment, TimeSpan.FromSeconds(60));

    /// <summary>Starts it and waits for READY=1 on the notify socket.</summary>
    public async Task<TestProcess> StartReadyAsync(params string[] arguments)
    {
        var process = Start(arguments);
        var ready = Notify.ReceiveAsync(TimeSpan.FromSeconds(60));
        var exited = process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (await Task.WhenAny(ready, exited) == exited)
        {
            throw new InvalidOperationException($"the stand-in exited before READY=1:\n{process.Output}");
        }
        Assert.Equal("READY=1", await ready);
        return process;
    }

    public JsonElement State() =>
        JsonDocument.Parse(File.ReadAllText(HostPath("/var/lib/rancher/k3s/standin-state.json"))).RootElement;

    public string ReadFile(string hostPath) => File.ReadAllText(HostPath(hostPath));

    public void Dispose()
    {
        Process?.Dispose();
        Notify.Dispose();
        _root.Dispose();
    }
}
