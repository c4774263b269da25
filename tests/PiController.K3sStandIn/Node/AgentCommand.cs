using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.K3sStandIn.Cli;
using PiController.K3sStandIn.Join;
using PiController.K3sStandIn.Kubelet;

namespace PiController.K3sStandIn.Node;

/// <summary>
/// <c>k3s agent</c>: checks the server at server: against the token's CA hash (/cacerts), proves the token's
/// password as user <c>node</c> (K3s's agents always do; the server accepts the agent or the server password), gets
/// its kubelet client certificate (/v1-k3s/client-kubelet.crt), lists the images directory, writes the state file
/// (with the token's user, never the token), sends READY=1, registers its Node and renews its Lease
/// (<see cref="StandInKubelet"/>) until SIGTERM, when it marks the Node NotReady. It runs no containerd or flannel.
/// </summary>
internal static class AgentCommand
{
    public static async Task<int> RunAsync(Settings settings)
    {
        var dataDirectory = settings.Path("data-dir", HostPaths.DataDirectory);
        var nodeName = settings.Text("node-name") ?? Environment.MachineName.ToLowerInvariant();
        var url = settings.Text("server") ?? throw new UsageException("--server is required: set server: https://SERVER:6443 in config.yaml");
        var token = TokenSettings.Read(settings, "token") ?? throw new UsageException("--token is required: set K3S_TOKEN in the unit's env file");
        var nodeSettings = NodeSettings.From(settings, nodeName, server: false, etcd: false);
        using var client = await SupervisorClient.ConnectAsync(url, token, CancellationToken.None);
        await client.GetAsync("/v1-k3s/readyz", "node", CancellationToken.None);
        var pem = Encoding.ASCII.GetString(await client.GetAsync("/v1-k3s/client-kubelet.crt", "node", CancellationToken.None, nodeName));
        using var certificate = X509Certificate2.CreateFromPem(pem, pem);
        var images = AgentImages.List(dataDirectory);
        new StandInState(StandInVersion.Version, "agent", nodeName, settings.List("node-label"), settings.List("kubelet-arg"),
            settings.Bool("prefer-bundled-bin"), url, false, token.User, [], [], false, null, null, images, settings.UnknownConfigKeys).Write(dataDirectory);
        Log.Info($"Stand-in k3s agent {StandInVersion.Version} joined {url} as node {nodeName}");
        using var api = new ApiClient(client.Server, client.CaCertificates, certificate);
        await using var kubelet = new StandInKubelet(api, nodeSettings, StandInVersion.Version, address: null);
        SystemdNotify.Send("READY=1");
        kubelet.Start();
        await UntilTerminated.WaitAsync();
        await kubelet.StopAsync();
        Log.Info("Shutting down stand-in k3s agent");
        return 0;
    }
}
