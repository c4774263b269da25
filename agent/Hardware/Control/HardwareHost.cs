using System.Device.Gpio;
using Microsoft.Extensions.Logging;
using PiController.Agent.Configuration;
using PiController.Agent.Hardware.Control.Gpio;
using PiController.Agent.Hardware.Control.I2c;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Control.Pwm;
using PiController.Agent.Hardware.Control.Simulation;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control;

/// <summary>
/// Composes GPIO, PWM and I2C for the board the agent runs on: the real drivers (libgpiod, sysfs PWM,
/// /dev/i2c-N), or the simulated Pi 4B's behind the same seams. The hardware lives as long as the agent, not as
/// long as a link to the hub: a lost link changes nothing on the pins.
/// </summary>
internal static class HardwareHost
{
    private static readonly TimeSpan ReportMaxAge = TimeSpan.FromSeconds(5);

    public static HardwareCommands Create(AgentOptions options, SystemRoot root, Func<HardwareReport> probe, HardwareEventQueue events, TimeProvider time, ILoggerFactory loggers)
    {
        var report = options.IsSimulated ? probe : Cached(probe, time);
        var claims = new PinClaims();
        var safety = new PinSafety(report, claims);
        Func<GpioController> controller = options.IsSimulated
            ? () => new GpioController(new SimulatedGpioDriver(options.SimWiring))
            : () => GpioDriverFactory.Create(report());
        var gpio = new GpioService(controller, safety, claims, events, time);
        IPwmChips pwmChips = options.IsSimulated ? new SimulatedPwmChips() : new SysfsPwmChips(root);
        var pwm = new PwmService(pwmChips, safety, claims, () => report().Board?.Processor);
        II2cBuses buses = options.IsSimulated ? new SimulatedI2cBus() : new LinuxI2cBuses(root);
        var i2c = new I2cService(buses, events, time);
        return new HardwareCommands(gpio, pwm, i2c, new PinStateStore(options.DataDirectory), time, loggers.CreateLogger("PiController.Agent.Hardware"));
    }

    /// <summary>Probing reads every line of every chip; safety checks reuse a report for a few seconds.</summary>
    private static Func<HardwareReport> Cached(Func<HardwareReport> probe, TimeProvider time)
    {
        HardwareReport? cached = null;
        var at = long.MinValue;
        var gate = new Lock();
        return () =>
        {
            lock (gate)
            {
                if (cached is null || time.GetElapsedTime(at) > ReportMaxAge)
                {
                    cached = probe();
                    at = time.GetTimestamp();
                }
                return cached;
            }
        };
    }
}
