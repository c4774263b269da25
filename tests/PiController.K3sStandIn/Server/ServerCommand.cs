using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiController.K3sStandIn.Api;
using PiController.K3sStandIn.Cli;
using PiController.K3sStandIn.Join;
using PiController.K3sStandIn.Kubelet;
using PiController.K3sStandIn.Node;
using PiController.K3sStandIn.Trust;
using PiController.KubeApiDouble;

namespace PiController.K3sStandIn.Server;

/// <summary>
/// <c>k3s server</c>: a first server (cluster-init, or none of server/cluster-init: K3s's single server) takes the CA
/// files it finds under DATA-DIR/server/tls or creates its own; a joining server (server: URL) checks the first
/// server against its token's CA hash, proves the server password and receives the CA files from it. Then both
/// write the token files, k3s.yaml, list the images directory, serve HTTPS (<see cref="SupervisorEndpoints"/>),
/// write the state file, send READY=1 to systemd and run until SIGTERM.
/// </summary>
internal static class ServerCommand
{
    private const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode CertificateMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static async Task<int> RunAsync(Settings settings)
    {
        var now = DateTimeOffset.UtcNow;
        var dataDirectory = settings.Path("data-dir", HostPaths.DataDirectory);
        var serverDirectory = Path.Join(dataDirectory, "server");
        var tlsDirectory = Path.Join(serverDirectory, "tls");
        var nodeName = settings.Text("node-name") ?? Environment.MachineName.ToLowerInvariant();
        var port = settings.Port("https-listen-port", 6443);
        var bind = settings.Text("bind-address") is { } text
            ? IPAddress.TryParse(text, out var parsed) ? parsed : throw new UsageException($"invalid bind-address \"{text}\": expected an IP address such as 0.0.0.0 or 127.0.0.1")
            : IPAddress.Any;
        var token = TokenSettings.Read(settings, "token");
        var agentToken = TokenSettings.Read(settings, "agent-token");
        var joinUrl = settings.Text("server");
        var nodeSettings = NodeSettings.From(settings, nodeName, server: true, etcd: settings.Bool("cluster-init") || joinUrl is not null);
        if (joinUrl is not null)
        {
            if (token is null)
            {
                throw new UsageException("--token is required to join a server; set K3S_TOKEN in the unit's env file");
            }
            await JoinAsync(joinUrl, token, tlsDirectory);
        }
        var images = AgentImages.List(dataDirectory);
        using var certificates = ClusterCertificates.LoadOrCreate(tlsDirectory, now);
        var passwords = new ClusterPasswords(token?.Password ?? StoredPassword(serverDirectory) ?? ClusterPasswords.Generate(), agentToken?.Password);
        TokenFiles.Write(serverDirectory, certificates.Hash, passwords);
        var clusterInit = settings.Bool("cluster-init");
        if (clusterInit || joinUrl is not null)
        {
            Directory.CreateDirectory(Path.Join(serverDirectory, "db", "etcd"));
        }
        Kubeconfig.Write(settings.Path("write-kubeconfig", HostPaths.Kubeconfig), settings.Text("write-kubeconfig-mode"), certificates, port, now);

        Directory.CreateDirectory(Path.Join(serverDirectory, "db"));
        var store = joinUrl is null ? new ApiStore(ApiDatastore.PathIn(dataDirectory)) : null;

        using var serving = certificates.Serving(nodeName, settings.List("tls-san"), now);
        var chain = new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(certificates.ServerCa.Certificate.RawData) };
        chain.AddRange(certificates.ServerCa.Above);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bind, port, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serving;
            https.ServerCertificateChain = chain;
            // Asked for, checked against client-ca by ApiAccess: the supervisor's routes take basic auth instead.
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
        })));
        await using var app = builder.Build();
        app.UseApiAccess(certificates.ClientCa.Bundle, (ns, pod) => PodNode(store, ns, pod), store is null ? NotServedHere(joinUrl!) : null);
        app.MapSupervisor(new ServerContext(certificates, passwords, tlsDirectory), servesApi: store is not null);
        if (store is not null)
        {
            EndWatchesOnStop(app);
            app.MapKubernetesApi(store, gitVersion: StandInVersion.Version);
        }
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            return Log.Fatal($"cannot listen on {bind}:{port}: {e.Message}; stop what uses the port or set https-listen-port");
        }
        var apiServer = joinUrl is not null ? new Uri(joinUrl.TrimEnd('/') + "/") : new Uri($"https://{(bind.Equals(IPAddress.Any) ? IPAddress.Loopback : bind)}:{port}/");
        using var kubeletCertificate = certificates.Kubelet(nodeName, now);
        using var api = new ApiClient(apiServer, certificates.ServerCa.Bundle, kubeletCertificate);
        await using var kubelet = new StandInKubelet(api, nodeSettings, StandInVersion.Version, joinUrl is null ? NodeFacts.PrimaryAddress() : null);
        // The Node goes NotReady while this server still serves the API (Kestrel stops after ApplicationStopping's callbacks).
        app.Lifetime.ApplicationStopping.Register(() => kubelet.StopAsync().GetAwaiter().GetResult());
        new StandInState(StandInVersion.Version, "server", nodeName, settings.List("node-label"), settings.List("kubelet-arg"),
            settings.Bool("prefer-bundled-bin"), joinUrl, clusterInit, token?.User, settings.List("tls-san"),
            settings.List("disable").SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            settings.Bool("secrets-encryption"), joinUrl is not null ? "received" : certificates.FoundOnDisk ? "found" : "created", port, images, settings.UnknownConfigKeys).Write(dataDirectory);
        Log.Info($"Running stand-in k3s server {StandInVersion.Version} as node {nodeName} on https://{bind}:{port}");
        Log.Info("k3s is up and running");
        SystemdNotify.Send("READY=1");
        kubelet.Start();
        await app.WaitForShutdownAsync();
        store?.Flush();
        Log.Info("Shutting down stand-in k3s server");
        return 0;
    }

    /// <summary>
    /// A stopping API server ends its watches at once, as kube-apiserver does: without this Kestrel would wait for
    /// every open watch (the hub holds one per kind) until its shutdown timeout, so a restart took 30 s. Other requests
    /// (the kubelet marking its Node NotReady while the server stops) are served as before.
    /// </summary>
    private static void EndWatchesOnStop(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            if (!IsWatch(context.Request))
            {
                await next(context);
                return;
            }
            if (stopping.IsCancellationRequested)
            {
                context.Abort();
                return;
            }
            using var ending = stopping.Register(context.Abort);
            await next(context);
        });
    }

    /// <summary>A watch: ?watch=true (or 1), or the old /watch/ paths.</summary>
    private static bool IsWatch(HttpRequest request) =>
        request.Query["watch"].ToString() is "true" or "1" || request.Path.Value?.Contains("/watch/", StringComparison.Ordinal) == true;

    /// <summary>spec.nodeName of a pod this server holds, for the kubelet that may write its status.</summary>
    private static string? PodNode(ApiStore? store, string ns, string pod) =>
        store?.Get("v1", "Pod", ns, pod)?["spec"]?["nodeName"] is JsonValue node && node.TryGetValue<string>(out var name) ? name : null;

    /// <summary>Why a joined server answers 503 for the API: only the first server holds it.</summary>
    private static string NotServedHere(string firstServer) =>
        $"this stand-in k3s server joined {firstServer}, and only the first server holds the Kubernetes API (the stand-in runs no etcd " +
        "replication): use the first server's kubeconfig, or set server: in your kubeconfig to that server";

    /// <summary>Receives the cluster's CA files from the first server, after checking it against the token.</summary>
    private static async Task JoinAsync(string url, JoinToken token, string tlsDirectory)
    {
        using var client = await SupervisorClient.ConnectAsync(url, token, CancellationToken.None);
        var body = await client.GetAsync("/v1-k3s/server-bootstrap", "server", CancellationToken.None);
        var bootstrap = JsonSerializer.Deserialize(body, StandInJson.Default.BootstrapData)
            ?? throw new JoinRefusedException($"{url}/v1-k3s/server-bootstrap: empty answer");
        foreach (var (name, content) in bootstrap.Files)
        {
            if (!ClusterCertificates.Names.Any(n => name == n + ".crt" || name == n + ".key"))
            {
                throw new JoinRefusedException($"{url}/v1-k3s/server-bootstrap: unexpected file {name}");
            }
            HostPaths.Write(Path.Join(tlsDirectory, name), content, name.EndsWith(".key", StringComparison.Ordinal) ? KeyMode : CertificateMode);
        }
        Log.Info($"Joined the cluster at {url}: CA hash checked, server password accepted");
    }

    /// <summary>The password of server/token from an earlier start, as K3s keeps its token across restarts.</summary>
    private static string? StoredPassword(string serverDirectory)
    {
        var file = Path.Join(serverDirectory, "token");
        return File.Exists(file) ? JoinToken.Parse(File.ReadAllText(file).Trim()).Password : null;
    }
}
