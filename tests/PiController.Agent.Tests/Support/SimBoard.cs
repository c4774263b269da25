using System.Device.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Hardware.Control;
using PiController.Agent.Hardware.Control.Gpio;
using PiController.Agent.Hardware.Control.I2c;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Control.Pwm;
using PiController.Agent.Hardware.Control.Simulation;
using PiController.Agent.Hardware.Probe;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Support;

/// <summary>The agent's hardware stack on the simulated Pi 4B, as HardwareHost composes it, with a data directory of its own.</summary>
internal sealed class SimBoard : IDisposable
{
    private readonly TempTree _data;

    public SimBoard(string wiring = "17-27", TimeProvider? time = null, HardwareReport? report = null, TempTree? data = null)
    {
        _data = data ?? new TempTree();
        OwnsData = data is null;
        Time = time ?? TimeProvider.System;
        Report = report ?? SimulatedBoard.Report("test-serial");
        Claims = new PinClaims();
        Safety = new PinSafety(() => Report, Claims);
        Events = new HardwareEventQueue();
        Driver = new SimulatedGpioDriver(SimulatedWiring.TryParse(wiring, out _)!);
        Gpio = new GpioService(() => new GpioController(Driver), Safety, Claims, Events, Time);
        PwmChips = new SimulatedPwmChips();
        Pwm = new PwmService(PwmChips, Safety, Claims, () => Report.Board?.Processor);
        Bus = new SimulatedI2cBus();
        I2c = new I2cService(Bus, Events, Time);
        Store = new PinStateStore(_data.Root);
        Commands = new HardwareCommands(Gpio, Pwm, I2c, Store, Time, NullLogger.Instance);
    }

    private bool OwnsData { get; }

    public TempTree Data => _data;
    public TimeProvider Time { get; }
    public HardwareReport Report { get; set; }
    public PinClaims Claims { get; }
    public PinSafety Safety { get; }
    public HardwareEventQueue Events { get; }
    public SimulatedGpioDriver Driver { get; }
    public GpioService Gpio { get; }
    public IPwmChips PwmChips { get; }
    public PwmService Pwm { get; }
    public SimulatedI2cBus Bus { get; }
    public I2cService I2c { get; }
    public PinStateStore Store { get; }
    public HardwareCommands Commands { get; }

    public CommandResult Run(Command command)
    {
        command.Id = command.Id.Length > 0 ? command.Id : Guid.NewGuid().ToString("N");
        return Commands.Execute(command);
    }

    /// <summary>Waits (bounded) until the simulated driver has delivered every edge it queued.</summary>
    public async Task EdgesDeliveredAsync()
    {
        for (var i = 0; i < 500 && !Driver.Delivered; i++)
        {
            await Task.Delay(10);
        }
        Assert.True(Driver.Delivered, "the simulated driver did not deliver its edges within 5 s");
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> pin events have arrived; returns all that arrived.</summary>
    public async Task<List<PinEvent>> PinEventsAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<PinEvent>();
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (events.Count < count && DateTime.UtcNow < until)
        {
            if (Events.TakeBatch() is { } batch)
            {
                events.AddRange(batch.PinEvents);
                continue;
            }
            await Task.Delay(10);
        }
        return events;
    }

    public void Dispose()
    {
        Commands.Dispose();
        if (OwnsData)
        {
            _data.Dispose();
        }
    }
}
