using System.Net;
using k8s;
using PiController.Hub.Api;
using PiController.Hub.Kube.Client;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Client;

public sealed class KubeApiTests : IAsyncLifetime
{
    private KubeApiDoubleHost _double = null!;

    public async Task InitializeAsync() => _double = await KubeApiDoubleHost.StartAsync();

    public async Task DisposeAsync() => await _double.DisposeAsync();

    [Fact]
    public async Task The_raw_client_reads_the_version_with_the_kubeconfigs_ec_client_certificate()
    {
        using var api = KubeApi.FromKubeconfig("lab", _double.Kubeconfig);
        using var version = await api.GetAsync("/version", CancellationToken.None);
        Assert.Equal(ApiDoubleInfo.DefaultGitVersion, version!.RootElement.GetProperty("gitVersion").GetString());
    }

    [Fact]
    public async Task The_typed_client_lists_nodes_on_the_same_server_and_credentials()
    {
        _double.Store.Create(KubeDoubleObjects.Node("pi-1"));
        using var api = KubeApi.FromKubeconfig("lab", _double.Kubeconfig);
        var nodes = await api.Typed.CoreV1.ListNodeAsync(cancellationToken: CancellationToken.None);
        Assert.Equal(["pi-1"], nodes.Items.Select(n => n.Metadata.Name));
    }

    [Fact]
    public async Task A_missing_object_reads_as_null_and_a_refused_write_throws_the_status_reason()
    {
        using var api = KubeApi.FromKubeconfig("lab", _double.Kubeconfig);
        Assert.Null(await api.GetAsync("/api/v1/namespaces/default/configmaps/none", CancellationToken.None));
        var body = KubeDoubleObjects.ConfigMap("default", "one", "a").ToJsonString();
        using (await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body, "application/json", CancellationToken.None))
        {
        }
        var refused = await Assert.ThrowsAsync<KubeApiException>(() =>
            api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body, "application/json", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("AlreadyExists", refused.Reason);
    }

    [Fact]
    public async Task The_typed_client_throws_the_same_exception_for_a_refused_request()
    {
        using var api = KubeApi.FromKubeconfig("lab", _double.Kubeconfig);
        var refused = await Assert.ThrowsAsync<KubeApiException>(() => api.Typed.CoreV1.ReadNodeAsync("absent", cancellationToken: CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    [Fact]
    public async Task A_server_whose_certificate_another_ca_signed_is_refused_with_a_clear_message()
    {
        await using var other = await KubeApiDoubleHost.StartAsync();
        // The other double's CA, this double's address and credentials.
        var foreignCa = Line(other.Kubeconfig, "certificate-authority-data:");
        var kubeconfig = _double.Kubeconfig.Replace(Line(_double.Kubeconfig, "certificate-authority-data:"), foreignCa, StringComparison.Ordinal);
        using var api = KubeApi.FromKubeconfig("lab", kubeconfig);
        var refused = await Assert.ThrowsAsync<KubeUnreachableException>(() => api.GetAsync("/version", CancellationToken.None));
        Assert.Contains($"cluster lab at {_double.Url}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not signed by the CA in the kubeconfig", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KubeUnreachableException>(() => api.Typed.CoreV1.ListNodeAsync(cancellationToken: CancellationToken.None));
    }

    [Fact]
    public async Task A_server_that_does_not_listen_is_unreachable_and_named()
    {
        var port = LoopbackPort.Free();
        var kubeconfig = _double.Kubeconfig.Replace(_double.Url.ToString().TrimEnd('/'), $"https://127.0.0.1:{port}", StringComparison.Ordinal);
        using var api = KubeApi.FromKubeconfig("lab", kubeconfig);
        var refused = await Assert.ThrowsAsync<KubeUnreachableException>(() => api.GetAsync("/version", CancellationToken.None));
        Assert.Contains($"https://127.0.0.1:{port}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubeconfig_that_names_a_credential_plugin_is_refused()
    {
        var kubeconfig = _double.Kubeconfig[.._double.Kubeconfig.IndexOf("    client-certificate-data", StringComparison.Ordinal)]
            + "    exec:\n      command: /bin/sh\n      apiVersion: client.authentication.k8s.io/v1\n";
        var refused = Assert.Throws<HubException>(() => Kubeconfig.Parse(kubeconfig));
        Assert.Equal(HubErrorKind.Invalid, refused.Kind);
        Assert.Contains("credential plugin", refused.Message, StringComparison.Ordinal);
    }

    private static string Line(string text, string key) =>
        text.Split('\n').Single(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal)).Trim();
}
