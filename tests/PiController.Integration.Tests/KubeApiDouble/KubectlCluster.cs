using PiController.KubeApiDouble;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>
/// A cluster for kubectl: the Kubernetes API double (a fresh one per test), or the real cluster KUBECONFIG names.
/// kubectl runs with its own cache directory; each test works in a namespace of its own, deleted afterwards on a
/// real cluster together with the test CRD.
/// </summary>
internal sealed class KubectlCluster : IAsyncDisposable
{
    public const string Binary = "/usr/bin/kubectl";

    private readonly TempDirectory directory = new("pic-kubectl-");
    private readonly KubeApiDoubleHost? host;

    private KubectlCluster(KubeApiDoubleHost? host, string? kubeconfig)
    {
        this.host = host;
        Kubeconfig = kubeconfig ?? host!.WriteKubeconfig(directory.Path);
    }

    public string Kubeconfig { get; }

    /// <summary>The namespace of this test, created by kubectl.</summary>
    public string Namespace { get; } = "pic-double-test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The double behind this cluster, or null for a real cluster.</summary>
    public KubeApiDoubleHost? Double => host;

    public string TempPath => directory.Path;

    public static async Task<KubectlCluster> DoubleAsync() => await CreateNamespaceAsync(new KubectlCluster(await KubeApiDoubleHost.StartAsync(), null));

    public static Task<KubectlCluster> RealAsync() => CreateNamespaceAsync(new KubectlCluster(null, RealClusterFactAttribute.Kubeconfig!));

    private static async Task<KubectlCluster> CreateNamespaceAsync(KubectlCluster cluster)
    {
        (await cluster.RunAsync("create", "namespace", cluster.Namespace)).Ok("kubectl create namespace");
        return cluster;
    }

    /// <summary>Runs kubectl against this cluster; <paramref name="input"/> goes to its stdin (for -f -).</summary>
    public Task<Run.Result> RunAsync(IEnumerable<string> arguments, string? input = null) =>
        Run.Async(Binary, ["--kubeconfig", Kubeconfig, "--cache-dir", Path.Join(directory.Path, "cache"), .. arguments],
            directory.Path, timeout: TimeSpan.FromMinutes(2), input: input);

    public Task<Run.Result> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    /// <summary>A kubectl that keeps running (get -w), ended by the test.</summary>
    public TestProcess Start(params string[] arguments) =>
        TestProcess.Start(Binary, ["--kubeconfig", Kubeconfig, "--cache-dir", Path.Join(directory.Path, "cache"), .. arguments]);

    public async ValueTask DisposeAsync()
    {
        if (host is null)
        {
            await RunAsync("delete", "namespace", Namespace, "--wait=false");
            await RunAsync("delete", "crd", TestCrd.Name, "--ignore-not-found", "--wait=false");
        }
        else
        {
            await host.DisposeAsync();
        }
        directory.Dispose();
    }
}
