using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Tells when the hardware report differs from the last one sent, so that a change (a line claimed, an overlay
/// loaded, under-voltage) reaches the hub without resending an unchanged report on every check.
/// </summary>
internal sealed class HardwareChanges(Func<HardwareReport> probe)
{
    private HardwareReport? _sent;

    /// <summary>Probes and records the report as sent (the one in Hello).</summary>
    public HardwareReport Baseline() => _sent = probe();

    /// <summary>The new report when it differs from the last one sent, else null.</summary>
    public HardwareReport? Poll()
    {
        var current = probe();
        return current.Equals(_sent) ? null : current;
    }

    /// <summary>Records <paramref name="report"/> as received by the hub.</summary>
    public void Sent(HardwareReport report) => _sent = report;
}
