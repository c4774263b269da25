namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>
/// kubectl drain on the double: a node with two Running, Ready pods and a PodDisruptionBudget (minAvailable 2) that
/// allows no disruption, so every eviction is answered 429 and drain gives up; with minAvailable 0 both pods are
/// evicted and the node is left cordoned.
/// </summary>
internal static class DrainScenario
{
    private const string Node = """
        apiVersion: v1
        kind: Node
        metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
        status:
          conditions: [{type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}]
        """;

    private const string Running = """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}""";

    public static async Task RunAsync(KubectlCluster c)
    {
        (await c.RunAsync(["apply", "-f", "-"], Node)).Ok("kubectl apply a node");
        foreach (var pod in new[] { "p1", "p2" })
        {
            (await c.RunAsync(["apply", "-f", "-"], Pod(c.Namespace, pod))).Ok("kubectl apply a pod");
            (await c.RunAsync("patch", "pod", pod, "-n", c.Namespace, "--subresource=status", "--type=merge", "-p", Running)).Ok("kubectl patch the pod's status");
        }
        (await c.RunAsync(["apply", "-f", "-"], Budget(c.Namespace, 2))).Ok("kubectl apply a budget");
        var budget = (await c.RunAsync("get", "pdb", "web", "-n", c.Namespace)).Ok("kubectl get pdb").Output;
        Assert.Matches(@"(?m)^web\s+2\s+N/A\s+0\s", budget);

        var held = await c.RunAsync("drain", "n1", "--force", "--pod-selector=app=web", "--timeout=3s");
        Assert.NotEqual(0, held.ExitCode);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget", held.Error, StringComparison.Ordinal);
        Assert.Equal("p1 p2", (await c.RunAsync("get", "pods", "-n", c.Namespace, "-o", "jsonpath={.items[*].metadata.name}")).Ok("kubectl get pods").Output);

        (await c.RunAsync(["apply", "-f", "-"], Budget(c.Namespace, 0))).Ok("kubectl apply a looser budget");
        var drained = (await c.RunAsync("drain", "n1", "--force", "--pod-selector=app=web", "--timeout=60s")).Ok("kubectl drain");
        Assert.Contains("node/n1 drained", drained.Output, StringComparison.Ordinal);
        Assert.Equal("", (await c.RunAsync("get", "pods", "-n", c.Namespace, "-o", "jsonpath={.items[*].metadata.name}")).Ok("kubectl get pods").Output);
        Assert.Matches(@"(?m)^n1\s+Ready,SchedulingDisabled\s", (await c.RunAsync("get", "node", "n1")).Ok("kubectl get node").Output);
    }

    private static string Pod(string ns, string name) => $$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{{name}}}, namespace: {{{ns}}}, labels: {app: web}}
        spec:
          nodeName: n1
          containers: [{name: web, image: registry.example/web:1}]
        """;

    private static string Budget(string ns, int minAvailable) => $$$"""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
          namespace: {{{ns}}}
        spec:
          minAvailable: {{{minAvailable}}}
          selector: {matchLabels: {app: web}}
        """;
}
