using PiController.Hub.Kube.Manager;

namespace PiController.Benchmarks;

/// <summary>
/// <c>--custom-resources</c>: the GPIO custom resources benchmark with the cluster manager as the hub ships it, then
/// with its work queue's rate limit raised, to show what the limit (not the projection) costs.
/// </summary>
internal static class CustomResourcesBenchRuns
{
    public static async Task RunAsync(bool quick, TextWriter output)
    {
        var (nodes, perNode, samples) = quick ? (10, 10, 50) : (100, 10, 200);
        var shipped = ClusterManagerOptions.Default;
        output.WriteLine($"machine: {Environment.ProcessorCount} cores; date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"## GPIO custom resources: {nodes * perNode} GPIOPins on {nodes} nodes (in-process hub, API double, agents on the registry), work queue as shipped ({shipped.ItemsPerSecond}/s, burst {shipped.Burst}, {shipped.Workers} workers)");
        await CustomResourcesBench.RunAsync(nodes, perNode, samples, shipped, output);
        var raised = shipped with { ItemsPerSecond = 10_000, Burst = 10_000, Workers = 4 };
        output.WriteLine();
        output.WriteLine($"## The same with the work queue's rate limit raised ({raised.ItemsPerSecond}/s, burst {raised.Burst}, {raised.Workers} workers)");
        await CustomResourcesBench.RunAsync(nodes, perNode, samples, raised, output);
    }
}
