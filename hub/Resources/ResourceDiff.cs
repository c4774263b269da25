using System.Globalization;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>
/// The difference between what a node should hold and what its agent reports, as commands: a pure function, so
/// it is tested command by command. Pins that no resource manages and that no deletion released are never
/// touched: the direct GPIO API may be using them.
/// </summary>
internal static class ResourceDiff
{
    /// <summary>Duty cycles closer than this are the same (the agent rounds to its period's nanoseconds).</summary>
    public const double DutyTolerance = 0.01;

    public static ReconcilePlan Compute(IReadOnlyList<DesiredResource> desired, IReadOnlyList<PendingRelease> releases, AgentHoldings holdings)
    {
        var releaseSteps = new List<ReconcileStep>();
        var settled = new List<PendingRelease>();
        foreach (var release in releases)
        {
            var spec = ResourceTypes.Desired(release.Kind, release.Spec);
            var takenOver = desired.Any(d => d.Spec.Kind == release.Kind && d.Spec.Claim == release.Claim);
            var command = spec is null || takenOver ? null : ReleaseCommand(spec, holdings);
            if (command is null)
            {
                settled.Add(release);
            }
            else
            {
                releaseSteps.Add(new ReconcileStep(command, release.Kind, release.Name, release));
            }
        }
        var changes = new List<ReconcileStep>();
        var inSync = new List<(ResourceKind, string, ObservedState)>();
        foreach (var resource in desired)
        {
            var spec = resource.Spec;
            var (command, observed) = spec.Kind switch
            {
                ResourceKind.GpioPin => Gpio(spec.Gpio!, holdings.Pin(spec.Gpio!.Bcm)),
                ResourceKind.PwmController => Pwm(spec.Pwm!, holdings.Channel(spec.Pwm!.Bcm)),
                _ => I2c(spec.I2c!, holdings.Watch(spec.I2c!.Bus, spec.I2c.Address)),
            };
            if (command is null)
            {
                inSync.Add((spec.Kind, resource.Name, observed!));
            }
            else
            {
                changes.Add(new ReconcileStep(command, spec.Kind, resource.Name));
            }
        }
        return new ReconcilePlan(releaseSteps, changes, inSync, settled);
    }

    private static Command? ReleaseCommand(ValidSpec spec, AgentHoldings holdings) => spec.Kind switch
    {
        ResourceKind.GpioPin when holdings.Pin(spec.Gpio!.Bcm) is not null => new Command { GpioRelease = new GpioRelease { Pin = Pin(spec.Gpio.Bcm) } },
        ResourceKind.PwmController when holdings.Channel(spec.Pwm!.Bcm) is not null => new Command { PwmStop = new PwmStop { Pin = Pin(spec.Pwm.Bcm) } },
        ResourceKind.I2cDevice when holdings.Watch(spec.I2c!.Bus, spec.I2c.Address) is not null =>
            new Command { I2CUnwatch = new I2cUnwatch { Bus = spec.I2c.Bus, Address = spec.I2c.Address } },
        _ => null,
    };

    private static (Command?, ObservedState?) Gpio(DesiredGpio d, GpioPinState? held)
    {
        var output = d.Mode == GpioMode.Output;
        var configured = held is not null && held.Mode == d.Mode && held.ActiveLow == d.ActiveLow
            && (output || (held.Pull == d.Pull && held.Edge == d.Edge && held.DebounceMs == d.DebounceMs));
        if (!configured)
        {
            var configure = new GpioConfigure { Pin = Pin(d.Bcm), Mode = d.Mode, ActiveLow = d.ActiveLow };
            if (output)
            {
                configure.InitialHigh = d.High;
            }
            else
            {
                configure.Pull = d.Pull;
                configure.Edge = d.Edge;
                configure.DebounceMs = d.DebounceMs;
            }
            return (new Command { GpioConfigure = configure }, null);
        }
        if (output && (!held!.HasHigh || held.High != d.High))
        {
            return (new Command { GpioWrite = new GpioWrite { Pin = Pin(d.Bcm), High = d.High } }, null);
        }
        return (null, Observed.From(held!));
    }

    private static (Command?, ObservedState?) Pwm(DesiredPwm d, PwmChannelState? held) =>
        held is not null && held.FrequencyHz == d.FrequencyHz && Math.Abs(held.DutyPercent - d.DutyPercent) < DutyTolerance
            ? (null, Observed.From(held))
            : (new Command { PwmSet = new PwmSet { Pin = Pin(d.Bcm), FrequencyHz = d.FrequencyHz, DutyPercent = d.DutyPercent } }, null);

    private static (Command?, ObservedState?) I2c(DesiredI2c d, I2cWatchState? held) =>
        held is not null && held.Device == d.Device && held.IntervalMs == d.IntervalMs
            ? (null, Observed.From(held))
            : (new Command { I2CWatch = new I2cWatch { Bus = d.Bus, Address = d.Address, Device = d.Device, IntervalMs = d.IntervalMs } }, null);

    /// <summary>The agent gets the canonical BCM number, so it resolves the same pin the hub checked for conflicts.</summary>
    public static string Pin(int bcm) => bcm.ToString(CultureInfo.InvariantCulture);
}
