using PiController.Agent.Hardware.Control.Pins;

namespace PiController.Agent.Hardware.Control.Gpio;

/// <summary>
/// The pulses running on this agent's pins, each timed on the agent's clock (<see cref="TimeProvider"/>), so a pulse
/// keeps its length whatever happens to the link. A pin with a pulse running is held: every change of it is refused
/// as busy until the pulse ends; a second pulse does not supersede the first. The end is written while the pulse is
/// still registered, so no change can slip in between the end and its write.
/// </summary>
internal sealed class PinPulses(TimeProvider time)
{
    private readonly Dictionary<int, Running> _running = [];
    private readonly Lock _gate = new();

    private sealed record Running(ITimer Timer, bool EndHigh, long StartedAt, uint Ms);

    /// <summary>Calls <paramref name="end"/> with the pin and <paramref name="endHigh"/> after <paramref name="ms"/>, or at <see cref="EndAll"/>.</summary>
    public void Start(int bcm, bool endHigh, uint ms, Action<int, bool> end)
    {
        lock (_gate)
        {
            var timer = time.CreateTimer(_ => End(bcm, end), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _running[bcm] = new Running(timer, endHigh, time.GetTimestamp(), ms);
            timer.Change(TimeSpan.FromMilliseconds(ms), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Throws BUSY, with the time left, while a pulse runs on the pin.</summary>
    public void RefuseWhileRunning(int bcm, string verb)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(bcm, out var pulse))
            {
                var left = Math.Max(1, (long)Math.Ceiling(pulse.Ms - time.GetElapsedTime(pulse.StartedAt).TotalMilliseconds));
                throw HardwareException.Busy($"cannot {verb} GPIO{bcm}: it is pulsing {(pulse.EndHigh ? "low" : "high")} for another {left} ms; try again once the pulse has ended");
            }
        }
    }

    /// <summary>Ends every running pulse now (a stopping agent leaves no pin at its pulse level).</summary>
    public void EndAll(Action<int, bool> end)
    {
        List<int> pins;
        lock (_gate)
        {
            pins = [.. _running.Keys];
        }
        foreach (var bcm in pins)
        {
            End(bcm, end);
        }
    }

    private void End(int bcm, Action<int, bool> end)
    {
        lock (_gate)
        {
            if (!_running.Remove(bcm, out var pulse))
            {
                return;
            }
            pulse.Timer.Dispose();
            end(bcm, pulse.EndHigh);
        }
    }
}
