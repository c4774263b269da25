namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>
/// What a user does with kubectl, run alike against the API double and a real cluster, so the double answers as
/// the API server does where kubectl can tell.
/// </summary>
internal static class KubectlScenarios
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task InstallCrdAsync(KubectlCluster c)
    {
        (await c.RunAsync(["apply", "-f", "-"], TestCrd.Yaml)).Ok("kubectl apply the CRD");
        (await c.RunAsync("wait", "--for=condition=Established", "crd/" + TestCrd.Name, "--timeout=60s")).Ok("kubectl wait for the CRD");
    }

    public static async Task GetAndDescribeAsync(KubectlCluster c)
    {
        await InstallCrdAsync(c);
        (await c.RunAsync(["apply", "-f", "-"], TestCrd.Widget(c.Namespace, "w1", 3))).Ok("kubectl apply a Widget");

        var namespaces = (await c.RunAsync("get", "namespaces")).Ok("kubectl get namespaces").Output;
        Assert.Contains("default", namespaces, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{c.Namespace}\s+Active\s", namespaces);

        var widgets = (await c.RunAsync("get", "widgets", "-n", c.Namespace)).Ok("kubectl get widgets").Output;
        Assert.Matches(@"(?m)^NAME\s+SIZE\s+COLOR\s+PHASE\s*$", widgets);
        Assert.Matches(@"(?m)^w1\s+3\s+red\s*$", widgets);
        Assert.Matches(@"(?m)^w1\s", (await c.RunAsync("get", "wdg", "-n", c.Namespace)).Ok("kubectl get by short name").Output);

        var quiet = (await c.RunAsync("describe", "widget", "w1", "-n", c.Namespace)).Ok("kubectl describe widget").Output;
        Assert.Matches(@"(?m)^Name:\s+w1$", quiet);
        Assert.Matches(@"(?m)^\s+Size:\s+3$", quiet);
        Assert.Matches(@"(?m)^Events:\s+<none>", quiet);

        var uid = (await c.RunAsync("get", "widget", "w1", "-n", c.Namespace, "-o", "jsonpath={.metadata.uid}")).Ok("kubectl get the uid").Output;
        (await c.RunAsync(["create", "-f", "-"], Event(c.Namespace, uid))).Ok("kubectl create an event");
        var described = (await c.RunAsync("describe", "widget", "w1", "-n", c.Namespace)).Ok("kubectl describe widget").Output;
        Assert.Matches(@"(?m)^\s+Warning\s+Overheated\s+.*\s+pin 17 is too hot$", described);
        Assert.Matches(@"(?m)Warning\s+Overheated\s+widget/w1\s+pin 17 is too hot", (await c.RunAsync("get", "events", "-n", c.Namespace)).Ok("kubectl get events").Output);
    }

    private static string Event(string ns, string uid) => $$"""
        apiVersion: v1
        kind: Event
        metadata:
          name: w1.overheated
          namespace: {{ns}}
        involvedObject:
          apiVersion: {{TestCrd.Group}}/v1
          kind: Widget
          name: w1
          namespace: {{ns}}
          uid: {{uid}}
        type: Warning
        reason: Overheated
        message: pin 17 is too hot
        source:
          component: double-tests
        firstTimestamp: "{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}"
        lastTimestamp: "{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}"
        count: 1
        """;

    public static async Task ApplyAsync(KubectlCluster c)
    {
        await InstallCrdAsync(c);
        var created = (await c.RunAsync(["apply", "-f", "-"], TestCrd.Widget(c.Namespace, "w1", 3))).Ok("kubectl apply");
        Assert.Contains($"widget.{TestCrd.Group}/w1 created", created.Output, StringComparison.Ordinal);
        var changed = (await c.RunAsync(["apply", "-f", "-"], TestCrd.Widget(c.Namespace, "w1", 4, "blue"))).Ok("kubectl apply again");
        Assert.Contains($"widget.{TestCrd.Group}/w1 configured", changed.Output, StringComparison.Ordinal);
        var shown = (await c.RunAsync("get", "widget", "w1", "-n", c.Namespace, "-o", "jsonpath={.spec.size} {.spec.color} {.metadata.generation}")).Ok("kubectl get -o jsonpath");
        Assert.Equal("4 blue 2", shown.Output);

        var refused = await c.RunAsync(["apply", "-f", "-"], TestCrd.Widget(c.Namespace, "w2", 70, "green"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.size: Invalid value: 70: spec.size in body should be less than or equal to 10", refused.Error, StringComparison.Ordinal);
        Assert.Contains("spec.color: Unsupported value: \"green\"", refused.Error, StringComparison.Ordinal);

        var serverSide = (await c.RunAsync(["apply", "--server-side", "-f", "-"], TestCrd.Widget(c.Namespace, "w3", 5))).Ok("kubectl apply --server-side");
        Assert.Contains($"widget.{TestCrd.Group}/w3 serverside-applied", serverSide.Output, StringComparison.Ordinal);
        var conflict = await c.RunAsync(["apply", "--server-side", "--field-manager=other", "-f", "-"], TestCrd.Widget(c.Namespace, "w3", 6));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"kubectl\"", conflict.Error, StringComparison.Ordinal);
        Assert.Contains(".spec.size", conflict.Error, StringComparison.Ordinal);
        (await c.RunAsync(["apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-"], TestCrd.Widget(c.Namespace, "w3", 6))).Ok("kubectl apply --force-conflicts");
        Assert.Equal("6", (await c.RunAsync("get", "widget", "w3", "-n", c.Namespace, "-o", "jsonpath={.spec.size}")).Ok("kubectl get").Output);
    }

    public static async Task WatchAsync(KubectlCluster c)
    {
        await InstallCrdAsync(c);
        (await c.RunAsync(["apply", "-f", "-"], TestCrd.Widget(c.Namespace, "w1", 3))).Ok("kubectl apply");
        using var watch = c.Start("get", "widgets", "-n", c.Namespace, "-w");
        await watch.WaitForLineAsync("w1", Patience);
        (await c.RunAsync("patch", "widget", "w1", "-n", c.Namespace, "--type=merge", "-p", """{"spec":{"size":9}}""")).Ok("kubectl patch");
        var changed = await watch.WaitForLineAsync("w1", Patience, occurrence: 2);
        Assert.Matches(@"^w1\s+9\s+red", changed);
    }

    public static async Task FinalizersAsync(KubectlCluster c)
    {
        await InstallCrdAsync(c);
        var finalizer = TestCrd.Group + "/hold";
        (await c.RunAsync(["create", "-f", "-"], TestCrd.Widget(c.Namespace, "w1", 3, finalizer: finalizer))).Ok("kubectl create");
        var deleted = (await c.RunAsync("delete", "widget", "w1", "-n", c.Namespace, "--wait=false")).Ok("kubectl delete");
        Assert.Contains($"widget.{TestCrd.Group} \"w1\" deleted", deleted.Output, StringComparison.Ordinal);

        var held = (await c.RunAsync("get", "widget", "w1", "-n", c.Namespace, "-o", "jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers[0]}")).Ok("kubectl get the held widget");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ " + finalizer.Replace(".", @"\.", StringComparison.Ordinal) + "$", held.Output);

        (await c.RunAsync("patch", "widget", "w1", "-n", c.Namespace, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""")).Ok("kubectl patch away the finalizer");
        var gone = await c.RunAsync("get", "widget", "w1", "-n", c.Namespace);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("(NotFound)", gone.Error, StringComparison.Ordinal);
    }
}
