using PiController.Testing.Lab;
using Xunit.Abstractions;

namespace PiController.Network.Tests;

/// <summary>
/// Prints the discovery figures of docs/benchmarks.md (the same code as <c>scripts/bench --discovery</c>). Opt-in with
/// PI_DISCOVERY_BENCH=1, so the suite stays quick; it asserts nothing about time.
/// </summary>
public sealed class DiscoveryFigures(ITestOutputHelper output)
{
    [OptInNetnsFact("PI_DISCOVERY_BENCH")]
    public async Task Discovery_figures()
    {
        using var writer = new StringWriter();
        try
        {
            await DiscoveryBench.RunAsync(20, 10, writer);
        }
        finally
        {
            output.WriteLine(writer.ToString());
            await File.WriteAllTextAsync(Path.Join(Path.GetTempPath(), "pi-discovery-figures.txt"), writer.ToString());
        }
    }
}
