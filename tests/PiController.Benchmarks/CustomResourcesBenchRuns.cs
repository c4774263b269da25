using PiController.Hub.Kube.Manager;

namespace PiController.Benchmarks;

/// <summary><c>--custom-resources</c>: the GPIO custom resources benchmark with the cluster manager as the hub ships it.</summary>
internal static class CustomResourcesBenchRuns
{
    public static async Task RunAsync(bool quick, TextWriter output)
    {
        var (nodes, perNode, samples) = quick ? (10, 10, 50) : (100, 10, 200);
        var shipped = ClusterManagerOptions.Default;
        output.WriteLine($"machine: {Environment.ProcessorCount} cores; date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"## GPIO custom resources: {nodes * perNode} GPIOPins on {nodes} nodes (in-process hub, API double, agents on the registry), {shipped.Workers} workers, retries limited to {shipped.ItemsPerSecond}/s (burst {shipped.Burst})");
        await CustomResourcesBench.RunAsync(nodes, perNode, samples, shipped, output);
    }
}
