using System.Globalization;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// Wires between header GPIOs of the simulated board, as set with <c>sim-wiring = 17-27, 5-6</c>: each pair is
/// one conductor, so an output on one end drives an input on the other and its level changes arrive there as
/// edges. A pin is on at most one wire.
/// </summary>
internal sealed class SimulatedWiring
{
    private readonly Dictionary<int, int> _peers = [];

    private SimulatedWiring(IReadOnlyList<(int A, int B)> pairs)
    {
        Pairs = pairs;
        foreach (var (a, b) in pairs)
        {
            _peers[a] = b;
            _peers[b] = a;
        }
    }

    public static SimulatedWiring None { get; } = new([]);

    public IReadOnlyList<(int A, int B)> Pairs { get; }

    /// <summary>The pin wired to <paramref name="bcm"/>, or null.</summary>
    public int? PeerOf(int bcm) => _peers.TryGetValue(bcm, out var peer) ? peer : null;

    /// <summary>Parses "17-27, 5-6"; null with a reason when the text is not a wiring.</summary>
    public static SimulatedWiring? TryParse(string text, out string? error)
    {
        var pairs = new List<(int, int)>();
        var used = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !Pin(ends[0], out var a) || !Pin(ends[1], out var b))
            {
                error = $"\"{part}\" is not a wire; write pairs of BCM GPIO numbers 2-27 such as 17-27, 5-6";
                return null;
            }
            if (a == b || !used.Add(a) || !used.Add(b))
            {
                error = $"\"{part}\": a wire joins two different pins, and each pin is on one wire at most";
                return null;
            }
            pairs.Add((a, b));
        }
        error = null;
        return new SimulatedWiring(pairs);
    }

    public override string ToString() => string.Join(", ", Pairs.Select(p => $"{p.A}-{p.B}"));

    private static bool Pin(string text, out int bcm) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bcm) && bcm is >= 2 and <= 27;
}
