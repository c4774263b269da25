using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Clusters;

/// <summary>
/// Debian's kubectl as a user runs it against a cluster the hub built: with the kubeconfig `pi-controller cluster
/// kubeconfig NAME` prints (written 0600 to a file of the test), from the lab's hub namespace, where the hosts'
/// 6443 ports are reachable.
/// </summary>
internal sealed class LabKubectl(HostLab lab, string kubeconfig) : IDisposable
{
    private readonly TempDirectory _directory = new("pic-kubectl-");

    public static string? Missing => Repo.Tool("kubectl") is null ? "kubectl is not installed (Debian's kubectl; see TESTING.md)" : null;

    private string KubeconfigFile
    {
        get
        {
            var path = _directory.File("kubeconfig");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, kubeconfig);
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return path;
        }
    }

    /// <summary>kubectl ARGUMENTS (with <paramref name="input"/> on stdin, for apply -f -); its result as it ended.</summary>
    public Task<Run.Result> TryAsync(string? input, params string[] arguments) =>
        lab.RunInHubAsync(Repo.Tool("kubectl")!, ["--kubeconfig", KubeconfigFile, .. arguments], input, TimeSpan.FromMinutes(1));

    /// <summary>kubectl ARGUMENTS; fails with its output unless it exits 0.</summary>
    public async Task<string> RunAsync(params string[] arguments) => (await TryAsync(null, arguments)).Ok("kubectl " + string.Join(' ', arguments)).Output;

    public void Dispose() => _directory.Dispose();
}
