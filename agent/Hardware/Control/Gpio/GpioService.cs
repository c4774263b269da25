using System.Device.Gpio;
using Google.Protobuf.WellKnownTypes;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Gpio;

/// <summary>
/// GPIO on the header through System.Device.Gpio: configure, read, write, toggle, batches, release, and edge
/// events with debounce. Every check (pin name, safety, mode) happens before the first call that touches the
/// line, so a refused operation leaves the pin as it was. Logical levels are electrical levels inverted for
/// active-low pins. Operations arrive one at a time (the hardware worker); edge callbacks come from the
/// driver's thread.
/// </summary>
internal sealed class GpioService(Func<GpioController> controllerFactory, PinSafety safety, PinClaims claims, HardwareEventQueue events, TimeProvider time) : IDisposable
{
    public const int MaxBatchOps = 64;

    private readonly Dictionary<int, Configured> _pins = [];
    private readonly PinPulses _pulses = new(time);
    private readonly Lock _gate = new();
    private GpioController? _controller;

    private sealed class Configured(PinSetup setup)
    {
        public PinSetup Setup = setup;
        public PinChangeEventHandler? Handler;
        public long LastEdgeTimestamp = long.MinValue;
    }

    private GpioController Controller => _controller ??= controllerFactory();

    public PinSafety Safety => safety;

    /// <summary>The pins configured now, for persistence.</summary>
    public IReadOnlyList<PinSetup> Setups
    {
        get
        {
            lock (_gate)
            {
                return _pins.Values.Select(p => p.Setup).OrderBy(s => s.Bcm).ToList();
            }
        }
    }

    public GpioPins Configure(GpioConfigure command)
    {
        var bcm = HeaderMap.Resolve(command.Pin);
        var setup = PinSetup.From(bcm, command);
        RefuseWhilePulsing(bcm, "configure");
        safety.Check(bcm, PinOwner.Gpio);
        Apply(setup);
        return Pins(setup.ToState(Read(bcm)));
    }

    /// <summary>Applies a setup that has passed its checks (also used to restore the persisted state).</summary>
    public void Apply(PinSetup setup)
    {
        var bcm = setup.Bcm;
        var controller = Controller;
        lock (_gate)
        {
            _pins.TryGetValue(bcm, out var existing);
            if (existing?.Handler is { } old)
            {
                controller.UnregisterCallbackForPinValueChangedEvent(bcm, old);
                existing.Handler = null;
            }
            var mode = setup.Mode == GpioMode.Output
                ? PinMode.Output
                : setup.Pull switch { GpioPull.Up => PinMode.InputPullUp, GpioPull.Down => PinMode.InputPullDown, _ => PinMode.Input };
            if (!controller.IsPinModeSupported(bcm, mode))
            {
                throw HardwareException.Unsupported($"GPIO{bcm} does not support {mode} on this board's GPIO driver");
            }
            var initial = Electrical(setup.High, setup.ActiveLow);
            if (controller.IsPinOpen(bcm) && mode == PinMode.Output && controller.GetPinMode(bcm) != PinMode.Output)
            {
                // An input becoming an output is reopened with its initial level, so it never drives another one.
                controller.ClosePin(bcm);
            }
            if (!controller.IsPinOpen(bcm))
            {
                controller.OpenPin(bcm, mode, initial);
            }
            else
            {
                controller.SetPinMode(bcm, mode);
                if (mode == PinMode.Output)
                {
                    controller.Write(bcm, initial);
                }
            }
            var configured = existing ?? new Configured(setup);
            configured.Setup = setup;
            _pins[bcm] = configured;
            claims.Claim(bcm, PinOwner.Gpio, $"a GPIO {(setup.Mode == GpioMode.Output ? "output" : "input")}");
            if (setup.Edge != GpioEdge.None)
            {
                configured.Handler = (_, args) => OnEdge(configured, args);
                controller.RegisterCallbackForPinValueChangedEvent(bcm, PinEventTypes.Rising | PinEventTypes.Falling, configured.Handler);
            }
        }
    }

    public GpioPins Read(string pin)
    {
        var setup = Require(HeaderMap.Resolve(pin));
        return Pins(setup.ToState(Read(setup.Bcm)));
    }

    public GpioPins Write(string pin, bool high)
    {
        var bcm = HeaderMap.Resolve(pin);
        var setup = PrepareWrite(bcm, high);
        if (IsConfigured(bcm))
        {
            Controller.Write(bcm, Electrical(high, setup.ActiveLow));
            Remember(setup);
        }
        else
        {
            Apply(setup);
        }
        return Pins(setup.ToState(Read(bcm)));
    }

    /// <summary>
    /// Drives the pin to <paramref name="high"/> now and to the other level after <paramref name="ms"/>, on a timer of
    /// this agent, so the pulse keeps its length whatever happens to the link. Checked as a write; the pin is held
    /// until the pulse ends. The setup remembered (and persisted) is the level the pulse ends at, so an agent
    /// restarted mid-pulse does not leave a door strike open.
    /// </summary>
    public GpioPins Pulse(string pin, bool high, uint ms)
    {
        if (GpioPulse.CheckMs(ms) is { } problem)
        {
            throw HardwareException.Invalid(problem);
        }
        var bcm = HeaderMap.Resolve(pin);
        var setup = PrepareWrite(bcm, high, "pulse");
        if (IsConfigured(bcm))
        {
            Controller.Write(bcm, Electrical(high, setup.ActiveLow));
        }
        else
        {
            Apply(setup);
        }
        Remember(setup with { High = !high });
        _pulses.Start(bcm, !high, ms, EndPulse);
        return Pins(setup.ToState(Read(bcm)));
    }

    private void EndPulse(int bcm, bool high)
    {
        lock (_gate)
        {
            if (_pins.TryGetValue(bcm, out var configured))
            {
                Controller.Write(bcm, Electrical(high, configured.Setup.ActiveLow));
            }
        }
    }

    private void RefuseWhilePulsing(int bcm, string verb) => _pulses.RefuseWhileRunning(bcm, verb);

    public GpioPins Toggle(string pin)
    {
        var bcm = HeaderMap.Resolve(pin);
        var setup = Require(bcm);
        RefuseWhilePulsing(bcm, "toggle");
        if (setup.Mode != GpioMode.Output)
        {
            throw NotAnOutput(bcm, "toggle");
        }
        return Write(pin, !setup.High);
    }

    /// <summary>Checks every op, then applies all writes together and takes the reads after them.</summary>
    public GpioPins Batch(GpioBatch batch)
    {
        if (batch.Ops.Count is 0 or > MaxBatchOps)
        {
            throw HardwareException.Invalid($"a batch holds 1-{MaxBatchOps} operations, got {batch.Ops.Count}");
        }
        var writes = new List<PinSetup>();
        var reads = new List<int>();
        var seen = new HashSet<int>();
        foreach (var op in batch.Ops)
        {
            var bcm = HeaderMap.Resolve(op.Pin);
            if (!seen.Add(bcm))
            {
                throw HardwareException.Invalid($"GPIO{bcm} appears twice in the batch; name each pin once");
            }
            if (op.HasWriteHigh)
            {
                writes.Add(PrepareWrite(bcm, op.WriteHigh));
            }
            else
            {
                Require(bcm);
                reads.Add(bcm);
            }
        }
        foreach (var setup in writes.Where(s => !IsConfigured(s.Bcm)))
        {
            Apply(setup);
        }
        var pairs = writes.Select(s => new PinValuePair(s.Bcm, Electrical(s.High, s.ActiveLow))).ToArray();
        if (pairs.Length > 0)
        {
            Controller.Write(pairs);
        }
        foreach (var setup in writes)
        {
            Remember(setup);
        }
        var values = reads.Select(b => new PinValuePair(b, PinValue.Low)).ToArray();
        if (values.Length > 0)
        {
            Controller.Read(values);
        }
        var result = new GpioPins();
        result.Pins.AddRange(writes.Select(s => s.ToState(s.High)));
        result.Pins.AddRange(values.Select(v => Setup(v.PinNumber)!.ToState(Logical(v.PinValue, Setup(v.PinNumber)!.ActiveLow))));
        return result;
    }

    public GpioPins Release(string pin)
    {
        var bcm = HeaderMap.Resolve(pin);
        var setup = Require(bcm);
        RefuseWhilePulsing(bcm, "release");
        var controller = Controller;
        lock (_gate)
        {
            var configured = _pins[bcm];
            if (configured.Handler is { } handler)
            {
                controller.UnregisterCallbackForPinValueChangedEvent(bcm, handler);
            }
            // Back to a plain input before the line is let go, so nothing stays driven.
            controller.SetPinMode(bcm, PinMode.Input);
            controller.ClosePin(bcm);
            _pins.Remove(bcm);
            claims.Release(bcm, PinOwner.Gpio);
        }
        return Pins(new GpioPinState { Bcm = (uint)bcm, Physical = (uint)HeaderMap.PhysicalOf(bcm), Mode = GpioMode.Unspecified, ActiveLow = setup.ActiveLow });
    }

    public GpioPins List()
    {
        var result = new GpioPins();
        foreach (var setup in Setups)
        {
            result.Pins.Add(setup.ToState(Read(setup.Bcm)));
        }
        return result;
    }

    private PinSetup PrepareWrite(int bcm, bool high, string verb = "write")
    {
        RefuseWhilePulsing(bcm, verb);
        if (Setup(bcm) is { } setup)
        {
            if (setup.Mode != GpioMode.Output)
            {
                throw NotAnOutput(bcm, verb);
            }
            return setup with { High = high };
        }
        // An unconfigured pin becomes an output that starts at the written level, as gpioset does.
        safety.Check(bcm, PinOwner.Gpio);
        return new PinSetup(bcm, GpioMode.Output, GpioPull.None, false, GpioEdge.None, 0, high);
    }

    private void OnEdge(Configured pin, PinValueChangedEventArgs args)
    {
        var setup = pin.Setup;
        var rising = (args.ChangeType == PinEventTypes.Rising) != setup.ActiveLow;
        var edge = rising ? GpioEdge.Rising : GpioEdge.Falling;
        if (setup.Edge != GpioEdge.Both && setup.Edge != edge)
        {
            return;
        }
        var now = time.GetTimestamp();
        lock (_gate)
        {
            // Lockout debounce: an edge within debounce_ms of the last reported one is contact bounce.
            if (setup.DebounceMs > 0 && pin.LastEdgeTimestamp != long.MinValue
                && time.GetElapsedTime(pin.LastEdgeTimestamp, now) < TimeSpan.FromMilliseconds(setup.DebounceMs))
            {
                return;
            }
            pin.LastEdgeTimestamp = now;
        }
        events.Add(new PinEvent
        {
            Bcm = (uint)setup.Bcm,
            Edge = edge,
            At = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            MonotonicNs = (long)(now * (1e9 / time.TimestampFrequency)),
        });
    }

    private bool? Read(int bcm) => Logical(Controller.Read(bcm), Setup(bcm)?.ActiveLow ?? false);

    private PinSetup Require(int bcm) => Setup(bcm)
        ?? throw HardwareException.Refused($"GPIO{bcm} is not configured; configure it first (pi-controller gpio config NODE {bcm} --mode input), or write it to make it an output");

    private PinSetup? Setup(int bcm)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(bcm, out var configured) ? configured.Setup : null;
        }
    }

    private bool IsConfigured(int bcm) => Setup(bcm) is not null;

    private void Remember(PinSetup setup)
    {
        lock (_gate)
        {
            if (_pins.TryGetValue(setup.Bcm, out var configured))
            {
                configured.Setup = setup;
            }
        }
    }

    private static HardwareException NotAnOutput(int bcm, string verb) =>
        HardwareException.Refused($"cannot {verb} GPIO{bcm}: it is configured as an input; make it an output first (pi-controller gpio config NODE {bcm} --mode output)");

    private static GpioPins Pins(GpioPinState state) => new() { Pins = { state } };

    private static PinValue Electrical(bool high, bool activeLow) => high != activeLow ? PinValue.High : PinValue.Low;

    private static bool Logical(PinValue value, bool activeLow) => (value == PinValue.High) != activeLow;

    /// <summary>Ends running pulses at once (a stopping agent leaves no pin at its pulse level), then lets the lines go.</summary>
    public void Dispose()
    {
        _pulses.EndAll(EndPulse);
        _controller?.Dispose();
    }
}
