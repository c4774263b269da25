using System.Device.Gpio;
using System.Threading.Channels;

namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// The GPIO controller of the simulated Pi 4B behind System.Device.Gpio's own seam: the 58 lines of
/// pinctrl-bcm2711, with pull resistors and the configured wires. A line's level is what an output on its wire
/// drives, else what its pull resistor gives, else low (a floating input reads low here). Level changes reach
/// registered callbacks on a separate thread, in order, as libgpiod's event thread delivers them on a Pi.
/// </summary>
internal sealed class SimulatedGpioDriver : GpioDriver
{
    public const int LineCount = 58;

    private readonly SimulatedWiring _wiring;
    private readonly Line?[] _lines = new Line?[LineCount];
    private readonly Lock _gate = new();
    private readonly Channel<(PinChangeEventHandler Handler, PinValueChangedEventArgs Args)> _deliveries =
        Channel.CreateUnbounded<(PinChangeEventHandler, PinValueChangedEventArgs)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _deliverer;
    private long _queued;
    private long _delivered;

    private sealed class Line
    {
        public PinMode Mode = PinMode.Input;
        public bool Driven;
        public bool Level;
        public readonly List<(PinEventTypes Types, PinChangeEventHandler Handler)> Callbacks = [];
    }

    public SimulatedGpioDriver(SimulatedWiring wiring)
    {
        _wiring = wiring;
        _deliverer = Task.Run(DeliverAsync);
    }

    protected override int PinCount => LineCount;

    /// <summary>
    /// True when every edge queued so far has been handed to its subscribers. Delivery is asynchronous, as with
    /// libgpiod's event thread; tests on a fake clock wait for this before they move the clock.
    /// </summary>
    public bool Delivered => Interlocked.Read(ref _delivered) == Interlocked.Read(ref _queued);

    protected override void OpenPin(int pinNumber)
    {
        Check(pinNumber);
        lock (_gate)
        {
            _lines[pinNumber] ??= new Line();
            Settle(pinNumber);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            if (_lines[pinNumber] is { } line)
            {
                // A released line stops driving, as libgpiod leaves it; the wire settles without it.
                line.Callbacks.Clear();
                line.Mode = PinMode.Input;
                line.Driven = false;
                _lines[pinNumber] = null;
                Settle(pinNumber);
            }
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => SetPinMode(pinNumber, mode, PinValue.Low);

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_gate)
        {
            var line = Open(pinNumber);
            line.Mode = mode;
            if (mode == PinMode.Output)
            {
                line.Driven = initialValue == PinValue.High;
            }
            Settle(pinNumber);
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return Open(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => pinNumber is >= 0 and < LineCount;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return Open(pinNumber).Level ? PinValue.High : PinValue.Low;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            var line = Open(pinNumber);
            if (line.Mode != PinMode.Output)
            {
                throw new InvalidOperationException($"line {pinNumber} is not an output");
            }
            line.Driven = value == PinValue.High;
            Settle(pinNumber);
        }
    }

    protected override void Toggle(int pinNumber)
    {
        lock (_gate)
        {
            Write(pinNumber, Open(pinNumber).Driven ? PinValue.Low : PinValue.High);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var seen = new ManualResetEventSlim();
        var type = PinEventTypes.None;
        void Handler(object sender, PinValueChangedEventArgs args)
        {
            type = args.ChangeType;
            seen.Set();
        }
        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, Handler);
        try
        {
            seen.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = type, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, Handler);
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            Open(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            Open(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    public override GpioChipInfo GetChipInfo() => new(0, "gpiochip0", "pinctrl-bcm2711", LineCount);

    protected override void Dispose(bool disposing)
    {
        _deliveries.Writer.TryComplete();
        if (disposing)
        {
            _deliverer.Wait(TimeSpan.FromSeconds(2));
        }
        base.Dispose(disposing);
    }

    private static void Check(int pinNumber)
    {
        if (pinNumber is < 0 or >= LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"the simulated chip has lines 0-{LineCount - 1}");
        }
    }

    private Line Open(int pinNumber)
    {
        Check(pinNumber);
        return _lines[pinNumber] ?? throw new InvalidOperationException($"line {pinNumber} is not open");
    }

    /// <summary>Recomputes the level of the pin's wire and raises edges where it changed. Called under the lock.</summary>
    private void Settle(int pinNumber)
    {
        var peer = _wiring.PeerOf(pinNumber);
        var level = LevelOfWire(pinNumber, peer);
        Apply(pinNumber, level);
        if (peer is { } other)
        {
            Apply(other, level);
        }
    }

    private bool LevelOfWire(int pin, int? peer)
    {
        var a = _lines[pin];
        var b = peer is { } p ? _lines[p] : null;
        if (a is { Mode: PinMode.Output })
        {
            return a.Driven;
        }
        if (b is { Mode: PinMode.Output })
        {
            return b.Driven;
        }
        if (a?.Mode == PinMode.InputPullUp || b?.Mode == PinMode.InputPullUp)
        {
            return true;
        }
        return false;
    }

    private void Apply(int pin, bool level)
    {
        if (_lines[pin] is not { } line || line.Level == level)
        {
            return;
        }
        line.Level = level;
        var type = level ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach (var (types, handler) in line.Callbacks)
        {
            if ((types & type) != 0)
            {
                Interlocked.Increment(ref _queued);
                _deliveries.Writer.TryWrite((handler, new PinValueChangedEventArgs(type, pin)));
            }
        }
    }

    private async Task DeliverAsync()
    {
        await foreach (var (handler, args) in _deliveries.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                handler(this, args);
            }
            catch (Exception)
            {
                // A failing subscriber must not stop delivery to the others, as with libgpiod's event thread.
            }
            Interlocked.Increment(ref _delivered);
        }
    }
}
