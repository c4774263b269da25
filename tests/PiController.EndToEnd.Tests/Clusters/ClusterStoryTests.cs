using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PiController.EndToEnd.Tests.Provisioning;
using PiController.Testing.Hosts;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Clusters;

/// <summary>
/// Issue #15's story end to end on whole hosts: the hub plans a cluster through the agents (the stand-in k3s serving
/// the Kubernetes API on the server's 6443, its nodes registering as kubelets do), the nodes appear in Kubernetes with
/// the hub's hardware labels, a GPIOPin applied with kubectl drives the simulated pin, `kubectl get gpiopins` shows it
/// Applied, a PWMController runs its channel (released when it is deleted) and an I2CDevice's BME280 readings reach
/// its status and the node's sensor label, and after the API server stopped (every watch cut) and started again (its history gone) the hub's
/// informers pick up a change made right after.
/// </summary>
[Collection(ClusterHostsCollection.Name)]
public sealed class ClusterStoryTests(ClusterHostsFixture fixture, ITestOutputHelper output)
{
    private const string Label = "hardware.pi-controller.io";

    [ClusterFact]
    public async Task A_planned_cluster_labels_its_nodes_drives_its_hardware_from_custom_resources_and_keeps_up_after_the_API_server_restarts()
    {
        var (server, agent) = (fixture.Host(1), fixture.Host(2));
        var clusters = new LabClusters(fixture.Hub);
        var clock = Stopwatch.StartNew();
        await clusters.CreateAsync("story", [fixture.NodeId(server)], [fixture.NodeId(agent)]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster ready after {clock.Elapsed.TotalSeconds:F1} s"));
        try
        {
            using var kubectl = new LabKubectl(fixture.Lab, await clusters.KubeconfigAsync("story"));

            // The nodes, with the node-id label the provisioner set and the hardware labels the hub keeps.
            var nodes = await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "nodes", "--show-labels"),
                text => NodeRow(text, fixture.NodeId(agent)) is { } row && row.Contains($"{Label}/gpio=true", StringComparison.Ordinal)
                    && NodeRow(text, fixture.NodeId(server)) is { } first && first.Contains($"{Label}/gpio=true", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90), last => $"both nodes with {Label}/gpio=true; kubectl get nodes --show-labels:\n{last}");
            output.WriteLine(nodes);
            var agentNode = NodeRow(nodes, fixture.NodeId(agent))!.Split(' ', 2)[0];
            Assert.Contains(" Ready ", NodeRow(nodes, fixture.NodeId(agent)), StringComparison.Ordinal);

            // A GPIOPin applied with kubectl drives the simulated pin; kubectl shows it Applied.
            await Eventually.TrueAsync(async () => (await kubectl.TryAsync(null, "get", "crd", "gpiopins.hardware.pi-controller.io")).ExitCode == 0,
                TimeSpan.FromSeconds(60), "the hub applied the GPIOPin definition");
            (await kubectl.TryAsync(Led(agentNode, "high"), "apply", "-f", "-")).Ok("kubectl apply -f led.yaml");
            await PinIsAsync(agent, "high");
            var listed = await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "gpiopins"),
                text => Row(text, "led") is { } row && AppliedColumn(text, row) == "True", TimeSpan.FromSeconds(60),
                last => $"led Applied in kubectl get gpiopins:\n{last}");
            output.WriteLine(listed);

            // A PWMController and an I2CDevice on the same node: the channel runs, the BME280's readings reach the
            // object's status, the node gets the sensor's label; deleting the PWMController stops the channel.
            (await kubectl.TryAsync(Fan(agentNode) + "---\n" + Bme280(agentNode), "apply", "-f", "-")).Ok("kubectl apply -f fan.yaml -f bme.yaml");
            var pwm = await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "pwmcontrollers"),
                text => Row(text, "fan") is { } row && AppliedColumn(text, row) == "True", TimeSpan.FromSeconds(60),
                last => $"fan Applied in kubectl get pwmcontrollers:\n{last}");
            output.WriteLine(pwm);
            var observed = (await kubectl.RunAsync("get", "pwmcontroller", "fan", "-o", "jsonpath={.status.observed}")).Trim();
            Assert.Contains("25", observed, StringComparison.Ordinal);
            var reading = await Eventually.ReachesAsync(
                () => kubectl.RunAsync("get", "i2cdevice", "bme", "-o", "jsonpath={range .status.lastReading.values[*]}{.name}={.value}{.unit} {end}"),
                text => text.Contains("temperature=", StringComparison.Ordinal) && text.Contains("pressure=", StringComparison.Ordinal), TimeSpan.FromSeconds(60),
                last => $"the BME280's reading in the I2CDevice's status; it holds: {last}");
            output.WriteLine($"bme lastReading: {reading}");
            await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "node", agentNode, "--show-labels"),
                text => text.Contains($"{Label}/sensor.bme280=true", StringComparison.Ordinal), TimeSpan.FromSeconds(60),
                last => $"{agentNode} labelled {Label}/sensor.bme280=true:\n{last}");
            Assert.Single(HubResources(await fixture.Hub.CliAsync("get", "pwm", "-o", "json")));
            (await kubectl.TryAsync(null, "delete", "pwmcontroller", "fan", "--timeout=60s")).Ok("kubectl delete pwmcontroller fan");
            Assert.Empty(HubResources(await fixture.Hub.CliAsync("get", "pwm", "-o", "json")));

            // The API server stops (every watch cut; the hub's informers fail to watch again, and say so) and starts again
            // with its objects but no watch history. A change made right after must reach the pin.
            const string failed = "Cluster story: listing or watching";
            var failuresBefore = fixture.Hub.Process.Output.Split('\n').Count(l => l.Contains(failed, StringComparison.Ordinal));
            (await server.ExecAsync("systemctl stop k3s", timeout: TimeSpan.FromMinutes(1))).Ok("systemctl stop k3s");
            output.WriteLine(await fixture.Hub.Process.WaitForLineAsync(failed, TimeSpan.FromSeconds(60), failuresBefore + 1));
            (await server.ExecAsync("systemctl start k3s", timeout: TimeSpan.FromMinutes(1))).Ok("systemctl start k3s");
            await Eventually.TrueAsync(async () => (await kubectl.TryAsync(Led(agentNode, "low"), "apply", "-f", "-")).ExitCode == 0,
                TimeSpan.FromSeconds(60), "kubectl apply after the API server's restart");
            await PinIsAsync(agent, "low");
            await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "gpiopins", "-o", "wide"),
                text => Row(text, "led") is { } row && row.Contains("low", StringComparison.Ordinal) && AppliedColumn(text, row) == "True",
                TimeSpan.FromSeconds(60), last => $"led low and Applied after the restart:\n{last}");
        }
        finally
        {
            await clusters.DeleteAsync("story");
        }
    }

    private async Task PinIsAsync(TestHost host, string level) =>
        await Eventually.ReachesAsync(async () => (await fixture.Hub.TryCliAsync("gpio", "read", fixture.NodeId(host), "17")).Output,
            text => Regex.IsMatch(text, $@"(?m)^GPIO17\s.*\b{level}\b"), TimeSpan.FromSeconds(60),
            last => $"the hub reads GPIO17 of {host.Name} {level}; pi-controller gpio read said:\n{last}");

    private static string Led(string node, string value) => $"""
        apiVersion: hardware.pi-controller.io/v1
        kind: GPIOPin
        metadata:
          name: led
          namespace: default
        spec:
          node: {node}
          pin: 17
          mode: output
          value: {value}

        """;

    private static string Fan(string node) => $"""
        apiVersion: hardware.pi-controller.io/v1
        kind: PWMController
        metadata:
          name: fan
          namespace: default
        spec:
          node: {node}
          pin: 18
          frequencyHz: 1000
          dutyPercent: 25

        """;

    private static string Bme280(string node) => $"""
        apiVersion: hardware.pi-controller.io/v1
        kind: I2CDevice
        metadata:
          name: bme
          namespace: default
        spec:
          node: {node}
          bus: 1
          address: "0x76"
          device: bme280
          intervalMs: 1000

        """;

    /// <summary>The hub resources in `pi-controller get KIND -o json` (an array, or an object with items).</summary>
    private static List<JsonElement> HubResources(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("items");
        return [.. items.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The row of `kubectl get nodes --show-labels` whose labels name the hub node <paramref name="nodeId"/>.</summary>
    private static string? NodeRow(string table, string nodeId) =>
        table.Split('\n').FirstOrDefault(l => l.Contains($"{Label}/node-id={nodeId}", StringComparison.Ordinal));

    private static string? Row(string table, string name) => table.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>The APPLIED column of a row of `kubectl get gpiopins`, found by the header's column start.</summary>
    private static string AppliedColumn(string table, string row)
    {
        var header = table.Split('\n')[0];
        var start = header.IndexOf("APPLIED", StringComparison.Ordinal);
        return start < 0 || start >= row.Length ? "" : row[start..].Split(' ', 2)[0];
    }
}
