using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>
/// The stand-in k3s as a first server, run as a process on the files the provisioner writes: readiness through
/// sd_notify, the hub's CA at /cacerts, the token files K3s writes, k3s.yaml, and how it takes its configuration.
/// </summary>
public sealed class StandInServerTests : IDisposable
{
    private readonly HubPlan _plan = new();
    private readonly StandInNode _node = new();
    private readonly int _port = LoopbackPort.Free();

    public void Dispose() => _node.Dispose();

    private string[] Listen => ["server", "--https-listen-port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1"];

    [Fact]
    public async Task A_first_server_with_the_hubs_CA_tells_systemd_it_is_ready_and_serves_that_CA_at_cacerts()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        await _node.StartReadyAsync(Listen);

        using var client = TrustingOnly(_plan.Ca.ServerCaBundle);
        var served = await client.GetByteArrayAsync(new Uri($"https://127.0.0.1:{_port}/cacerts"));
        Assert.Equal(_plan.Ca.ServerCaBundle, served);
        var version = await client.GetFromJsonAsync<JsonElement>(new Uri($"https://127.0.0.1:{_port}/version"));
        Assert.Equal("v1.33.4+k3s1", version.GetProperty("gitVersion").GetString());
        Assert.Equal("pong", await client.GetStringAsync(new Uri($"https://127.0.0.1:{_port}/ping")));
        Assert.Equal("found", _node.State().GetProperty("caFiles").GetString());
    }

    [Fact]
    public async Task The_token_files_hold_the_hubs_tokens_byte_for_byte()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        await _node.StartReadyAsync(Listen);

        var hash = _plan.Ca.Hash;
        Assert.Equal(_plan.Secrets.ServerToken(hash).Reveal() + "\n", _node.ReadFile("/var/lib/rancher/k3s/server/token"));
        Assert.Equal(_plan.Secrets.ServerToken(hash).Reveal() + "\n", _node.ReadFile("/var/lib/rancher/k3s/server/node-token"));
        Assert.Equal(_plan.Secrets.AgentToken(hash).Reveal() + "\n", _node.ReadFile("/var/lib/rancher/k3s/server/agent-token"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_node.HostPath("/var/lib/rancher/k3s/server/token")));
    }

    [Fact]
    public async Task A_server_without_CA_files_creates_its_own_and_its_token_hashes_it_as_the_hub_does()
    {
        _node.WriteFile("/etc/rancher/k3s/config.yaml", "cluster-init: true\nnode-name: \"solo\"\n");
        await _node.StartReadyAsync(Listen);

        var bundle = File.ReadAllBytes(_node.HostPath("/var/lib/rancher/k3s/server/tls/server-ca.crt"));
        var token = K3sToken.Parse(_node.ReadFile("/var/lib/rancher/k3s/server/token").Trim());
        Assert.Equal(CaBundleHash.Compute(bundle), token.CaHash);
        Assert.Equal("created", _node.State().GetProperty("caFiles").GetString());
    }

    [Fact]
    public async Task The_kubeconfig_names_the_local_server_the_cluster_CA_and_an_admin_certificate_of_the_client_CA()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        await _node.StartReadyAsync(Listen);

        var path = _node.HostPath("/etc/rancher/k3s/k3s.yaml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).ToList();
        Assert.Contains($"server: https://127.0.0.1:{_port}", lines);
        Assert.Contains("certificate-authority-data: " + Convert.ToBase64String(_plan.Ca.ServerCaBundle), lines);
        var clientPem = Encoding.ASCII.GetString(Convert.FromBase64String(lines.Single(l => l.StartsWith("client-certificate-data: ", StringComparison.Ordinal))["client-certificate-data: ".Length..]));
        using var admin = X509Certificate2.CreateFromPem(clientPem);
        Assert.Equal("CN=system:admin, O=system:masters", admin.Subject);
        var clientCa = _plan.Ca.Leaves.Single(l => l.Name == "client-ca").Pair.CertificatePem;
        using var issuer = X509Certificate2.CreateFromPem(clientCa);
        Assert.Equal(issuer.SubjectName.Name, admin.IssuerName.Name);
    }

    [Fact]
    public async Task Debians_kubectl_trusts_the_server_through_k3s_yaml_and_reads_its_version()
    {
        var kubectl = Repo.Tool("kubectl") ?? throw new InvalidOperationException("kubectl is not installed; the test machines have Debian's (see TESTING.md)");
        _node.Apply(_plan.FirstServer("pi-1"));
        await _node.StartReadyAsync(Listen);

        var result = (await Run.Async(kubectl, ["--kubeconfig", _node.HostPath("/etc/rancher/k3s/k3s.yaml"), "version", "-o", "json"])).Ok("kubectl version");

        var version = JsonDocument.Parse(result.Output).RootElement.GetProperty("serverVersion");
        Assert.Equal("v1.33.4+k3s1", version.GetProperty("gitVersion").GetString());
    }

    [Fact]
    public async Task It_reads_the_provisioners_settings_and_lists_the_images_directory_in_its_state_file()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        _node.WriteFile("/var/lib/rancher/k3s/agent/images/" + HubPlan.ImagesFile, "images");
        await _node.StartReadyAsync(Listen);

        var state = _node.State();
        Assert.Equal("pi-1", state.GetProperty("nodeName").GetString());
        Assert.True(state.GetProperty("clusterInit").GetBoolean());
        Assert.True(state.GetProperty("secretsEncryption").GetBoolean());
        Assert.Equal(["pi-controller.io/board=pi-4b"], Strings(state, "nodeLabels"));
        Assert.Equal(["traefik"], Strings(state, "disable"));
        Assert.Equal(["127.0.0.1"], Strings(state, "tlsSan"));
        Assert.Equal(3, Strings(state, "kubeletArgs").Count);
        Assert.Equal([HubPlan.ImagesFile], Strings(state, "images"));
        Assert.Empty(Strings(state, "unknownConfigKeys"));
        Assert.DoesNotContain(_plan.Secrets.Server.Reveal(), File.ReadAllText(_node.HostPath("/var/lib/rancher/k3s/standin-state.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drop_ins_replace_keys_in_name_order_and_a_key_with_a_plus_appends_as_in_K3s()
    {
        _node.WriteFile("/etc/rancher/k3s/config.yaml", "node-name: \"first\"\nnode-label:\n  - \"a=1\"\ncluster-init: true\n");
        _node.WriteFile("/etc/rancher/k3s/config.yaml.d/20-later.yaml", "node-name: \"later\"\n");
        _node.WriteFile("/etc/rancher/k3s/config.yaml.d/10-labels.yml", "node-label+:\n  - \"b=2\"\n");
        _node.WriteFile("/etc/rancher/k3s/config.yaml.d/30-ignored.txt", "node-name: \"ignored\"\n");
        await _node.StartReadyAsync([.. Listen, "--node-label", "c=3"]);

        var state = _node.State();
        Assert.Equal("later", state.GetProperty("nodeName").GetString());
        Assert.Equal(["a=1", "b=2", "c=3"], Strings(state, "nodeLabels"));
    }

    [Fact]
    public async Task An_unknown_config_key_is_skipped_with_K3s_warning_and_recorded_in_the_state_file()
    {
        _node.WriteFile("/etc/rancher/k3s/config.yaml", "cluster-init: true\nnode-lable:\n  - \"a=b\"\n");
        var process = await _node.StartReadyAsync(Listen);

        Assert.Contains("Unknown flag --node-lable found in config.yaml, skipping", process.Output, StringComparison.Ordinal);
        Assert.Equal(["node-lable"], Strings(_node.State(), "unknownConfigKeys"));
    }

    [Fact]
    public async Task An_unknown_command_line_flag_is_refused_with_exit_code_1()
    {
        var result = await _node.RunAsync("server", "--cluster-inti");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("flag provided but not defined: -cluster-inti", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SIGTERM_stops_the_server_with_exit_code_0()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        var process = await _node.StartReadyAsync(Listen);

        Assert.Equal(0, await process.TerminateAsync());
    }

    [Fact]
    public async Task Version_prints_the_version_it_was_configured_as()
    {
        Assert.Equal("k3s version v1.33.4+k3s1 (stand-in)", (await _node.RunAsync("--version")).Ok("k3s --version").Output.Split('\n')[0]);
        _node.SetEnvironment("K3S_STANDIN_VERSION", "v1.32.7+k3s1");
        Assert.Equal("k3s version v1.32.7+k3s1 (stand-in)", (await _node.RunAsync("-v")).Ok("k3s -v").Output.Split('\n')[0]);
    }

    private static List<string> Strings(JsonElement state, string property) =>
        state.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>A client that trusts only the roots of <paramref name="bundle"/> (and checks the name), as a joining node does after the hash check.</summary>
    internal static HttpClient TrustingOnly(byte[] bundle)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(Encoding.ASCII.GetString(bundle));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            foreach (var ca in certificates)
            {
                (ca.SubjectName.Name == ca.IssuerName.Name ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(ca);
            }
            return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return new HttpClient(handler);
    }
}
