using k8s;
using k8s.Models;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>The hub's Kubernetes client (KubernetesClient.Aot) against the double, from the double's kubeconfig.</summary>
public sealed class KubernetesClientTests
{
    [Fact]
    public async Task The_typed_client_reads_the_kubeconfig_then_creates_lists_and_patches_nodes()
    {
        await using var host = await PiController.KubeApiDouble.KubeApiDoubleHost.StartAsync();
        using var directory = new TempDirectory();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(host.WriteKubeconfig(directory.Path));
        using var client = new Kubernetes(config);

        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");

        await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["a"] = "1" } } });
        var patched = await client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"b":"2"}}}""", V1Patch.PatchType.MergePatch), "n1");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, patched.Metadata.Labels);

        var listed = await client.CoreV1.ListNodeAsync(labelSelector: "b=2");
        Assert.Equal(["n1"], listed.Items.Select(n => n.Metadata.Name));
        Assert.Equal(long.Parse(listed.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), host.Store.ResourceVersion);
    }
}
