using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PiController.Agent.Hardware.Control.Gpio;
using PiController.Agent.Hardware.Control.I2c;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Control.Pwm;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control;

/// <summary>
/// Runs the GPIO, PWM and I2C commands one after another on a worker of their own, in the order they arrived,
/// so that the link's reader never waits for a bus transaction or a sensor's conversion time. After a change the
/// pin state is saved (coalesced: at most one write per <see cref="SaveDelay"/>, so a pin toggled a thousand times a
/// second does not wear out the SD card), and saved once more when the agent stops, so a restarted agent drives its
/// pins as before.
/// </summary>
internal sealed partial class HardwareCommands : IDisposable
{
    private readonly GpioService _gpio;
    private readonly PwmService _pwm;
    private readonly I2cService _i2c;
    private readonly PinStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<(Command Command, TaskCompletionSource<CommandResult> Done)> _queue =
        Channel.CreateUnbounded<(Command, TaskCompletionSource<CommandResult>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private readonly ITimer _saveTimer;
    private int _savePending;

    public static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(100);

    public HardwareCommands(GpioService gpio, PwmService pwm, I2cService i2c, PinStateStore store, TimeProvider time, ILogger logger)
    {
        _gpio = gpio;
        _pwm = pwm;
        _i2c = i2c;
        _store = store;
        _time = time;
        _logger = logger;
        _saveTimer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _worker = Task.Run(WorkAsync);
    }

    public GpioService Gpio => _gpio;

    /// <summary>Whether the command runs on this worker (<see cref="LinkCommands"/> says which touch hardware).</summary>
    public static bool Handles(Command command) => LinkCommands.TouchesHardware(command);

    /// <summary>Queues the command behind those already queued; completes with its result.</summary>
    public Task<CommandResult> EnqueueAsync(Command command)
    {
        var done = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((command, done)))
        {
            done.SetResult(Error(command, CommandError.Types.Code.Internal, "the agent is stopping"));
        }
        return done.Task;
    }

    /// <summary>Runs one command now (the worker's step; also used by tests and benchmarks in-process).</summary>
    public CommandResult Execute(Command command)
    {
        var result = new CommandResult { Id = command.Id };
        try
        {
            switch (command.OpCase)
            {
                case Command.OpOneofCase.GpioConfigure: result.Gpio = _gpio.Configure(command.GpioConfigure); break;
                case Command.OpOneofCase.GpioRead: result.Gpio = _gpio.Read(command.GpioRead.Pin); break;
                case Command.OpOneofCase.GpioWrite: result.Gpio = _gpio.Write(command.GpioWrite.Pin, command.GpioWrite.High); break;
                case Command.OpOneofCase.GpioToggle: result.Gpio = _gpio.Toggle(command.GpioToggle.Pin); break;
                case Command.OpOneofCase.GpioPulse: result.Gpio = _gpio.Pulse(command.GpioPulse.Pin, command.GpioPulse.High, command.GpioPulse.Ms); break;
                case Command.OpOneofCase.GpioBatch: result.Gpio = _gpio.Batch(command.GpioBatch); break;
                case Command.OpOneofCase.GpioRelease: result.Gpio = _gpio.Release(command.GpioRelease.Pin); break;
                case Command.OpOneofCase.GpioList: result.Gpio = _gpio.List(); break;
                case Command.OpOneofCase.PwmSet: result.Pwm = _pwm.Set(command.PwmSet); break;
                case Command.OpOneofCase.PwmStop: result.Pwm = _pwm.Stop(command.PwmStop); break;
                case Command.OpOneofCase.PwmList: result.Pwm = _pwm.List(); break;
                case Command.OpOneofCase.I2CScan: result.I2CScan = _i2c.Scan(command.I2CScan); break;
                case Command.OpOneofCase.I2CTransfer: result.I2CTransfer = _i2c.Transfer(command.I2CTransfer); break;
                case Command.OpOneofCase.I2CDeviceRead: result.I2CReading = _i2c.Read(command.I2CDeviceRead); break;
                case Command.OpOneofCase.I2CWatch: result.I2CWatches = _i2c.Watch(command.I2CWatch); break;
                case Command.OpOneofCase.I2CUnwatch: result.I2CWatches = _i2c.Unwatch(command.I2CUnwatch); break;
                case Command.OpOneofCase.I2CWatchList: result.I2CWatches = _i2c.Watches(); break;
                default: return Error(command, CommandError.Types.Code.Unsupported, $"\"{command.OpCase}\" is not a hardware command");
            }
        }
        catch (HardwareException e)
        {
            Refused(_logger, command.OpCase.ToString(), e.Message);
            return new CommandResult { Id = command.Id, Error = new CommandError { Code = e.Code, Reason = e.Reason, Message = e.Message } };
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException or GpiodException)
        {
            Failed(_logger, command.OpCase.ToString(), e.Message);
            return Error(command, CommandError.Types.Code.Internal, $"{command.OpCase} failed: {e.Message}");
        }
        if (LinkCommands.Of(command).SavesPins && Interlocked.Exchange(ref _savePending, 1) == 0)
        {
            _saveTimer.Change(SaveDelay, Timeout.InfiniteTimeSpan);
        }
        return result;
    }

    /// <summary>Applies the saved pin state (at start). A pin that can no longer be set up is logged and skipped.</summary>
    public void Restore()
    {
        PinState saved;
        try
        {
            saved = _store.Load();
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            RestoreFailed(_logger, _store.Path, e.Message);
            return;
        }
        foreach (var setup in saved.Gpio)
        {
            Restore($"GPIO{setup.Bcm}", () =>
            {
                _gpio.Safety.Check(setup.Bcm, PinOwner.Gpio);
                _gpio.Apply(setup);
            });
        }
        foreach (var channel in saved.Pwm)
        {
            Restore($"PWM on GPIO{channel.Bcm}", () => _pwm.Set(new PwmSet { Pin = channel.Bcm.ToString(CultureInfo.InvariantCulture), FrequencyHz = channel.FrequencyHz, DutyPercent = channel.DutyPercent }));
        }
        if (saved.Gpio.Count + saved.Pwm.Count > 0)
        {
            Restored(_logger, saved.Gpio.Count, saved.Pwm.Count, _store.Path);
        }
    }

    private void Restore(string what, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception e) when (e is HardwareException or IOException or InvalidOperationException or ArgumentException)
        {
            RestoreSkipped(_logger, what, e.Message);
        }
    }

    /// <summary>Writes the pin state now if a change has not been saved yet.</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _savePending, 0) == 0)
        {
            return;
        }
        try
        {
            _store.Save(new PinState(_gpio.Setups, _pwm.Channels));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SaveFailed(_logger, _store.Path, e.Message);
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var (command, done) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // Queued behind slow commands past its deadline: the hub has given up on it, so it does not run.
            try
            {
                done.SetResult(command.Deadline is { } deadline && deadline.ToDateTimeOffset() < _time.GetUtcNow()
                    ? Error(command, CommandError.Types.Code.DeadlineExceeded, "the command's deadline passed while it waited behind other hardware commands")
                    : Execute(command));
            }
            catch (Exception e)
            {
                // A driver or binding failing in a way nobody foresaw must not stop the worker: the command is
                // answered, and the next one runs.
                Failed(_logger, command.OpCase.ToString(), e.ToString());
                done.TrySetResult(Error(command, CommandError.Types.Code.Internal, $"{command.OpCase} failed on the agent: {e.GetType().Name}: {e.Message}"));
            }
        }
    }

    private static CommandResult Error(Command command, CommandError.Types.Code code, string message) =>
        new() { Id = command.Id, Error = new CommandError { Code = code, Message = message } };

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.Wait(TimeSpan.FromSeconds(5));
        _saveTimer.Dispose();
        Flush();
        _i2c.Dispose();
        _gpio.Dispose();
    }

    [LoggerMessage(20, LogLevel.Information, "Hardware command {Op} refused: {Reason}")]
    private static partial void Refused(ILogger logger, string op, string reason);

    [LoggerMessage(21, LogLevel.Warning, "Hardware command {Op} failed: {Reason}")]
    private static partial void Failed(ILogger logger, string op, string reason);

    [LoggerMessage(22, LogLevel.Information, "Restored {Gpio} GPIO pin(s) and {Pwm} PWM channel(s) from {Path}")]
    private static partial void Restored(ILogger logger, int gpio, int pwm, string path);

    [LoggerMessage(23, LogLevel.Warning, "Not restoring {What}: {Reason}")]
    private static partial void RestoreSkipped(ILogger logger, string what, string reason);

    [LoggerMessage(24, LogLevel.Warning, "Cannot read the saved pin state {Path}: {Reason}; starting with no pins set up")]
    private static partial void RestoreFailed(ILogger logger, string path, string reason);

    [LoggerMessage(25, LogLevel.Error, "Cannot save the pin state to {Path}: {Reason}; it will not survive a restart")]
    private static partial void SaveFailed(ILogger logger, string path, string reason);
}
