using System.Collections.Concurrent;

namespace PiController.Benchmarks;

/// <summary>What an <see cref="ImmediateNodeTransport"/> keeps of one node: its files by path and its units' states.</summary>
internal sealed class ImmediateNode
{
    public ConcurrentDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Units { get; } = new(StringComparer.Ordinal);
}
