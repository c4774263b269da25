using System.Collections.Frozen;

namespace PiController.Protocol.Link;

/// <summary>
/// The one table of link commands: for each operation its expected outcome, whether it touches hardware, whether
/// it changes state (and the persisted pin state), and what it targets. The agent's hardware worker, the hub's
/// hardware service, its managed-pin guard and event publisher, and the reconciler read it; none keeps a switch of
/// its own. A new operation is one row here.
/// </summary>
public static class LinkCommands
{
    private static readonly FrozenDictionary<Command.OpOneofCase, LinkCommand> Table = new LinkCommand[]
    {
        new(Command.OpOneofCase.Ping, CommandResult.OutcomeOneofCase.Pong, false, false, false, _ => LinkTargets.None),
        Gpio(Command.OpOneofCase.GpioConfigure, changes: true, c => LinkTargets.Pin(c.GpioConfigure.Pin)),
        Gpio(Command.OpOneofCase.GpioRead, changes: false, c => LinkTargets.Pin(c.GpioRead.Pin)),
        Gpio(Command.OpOneofCase.GpioWrite, changes: true, c => LinkTargets.Pin(c.GpioWrite.Pin)),
        Gpio(Command.OpOneofCase.GpioToggle, changes: true, c => LinkTargets.Pin(c.GpioToggle.Pin)),
        Gpio(Command.OpOneofCase.GpioPulse, changes: true, c => LinkTargets.Pin(c.GpioPulse.Pin)),
        // A batch of reads only changes nothing: its targets are the pins it writes.
        Gpio(Command.OpOneofCase.GpioBatch, changes: true, c => new LinkTargets(c.GpioBatch.Ops.Where(op => op.HasWriteHigh).Select(op => op.Pin).ToList(), null)),
        Gpio(Command.OpOneofCase.GpioRelease, changes: true, c => LinkTargets.Pin(c.GpioRelease.Pin)),
        Gpio(Command.OpOneofCase.GpioList, changes: false, _ => LinkTargets.None),
        new(Command.OpOneofCase.PwmSet, CommandResult.OutcomeOneofCase.Pwm, true, true, true, c => LinkTargets.Pin(c.PwmSet.Pin)),
        new(Command.OpOneofCase.PwmStop, CommandResult.OutcomeOneofCase.Pwm, true, true, true, c => LinkTargets.Pin(c.PwmStop.Pin)),
        new(Command.OpOneofCase.PwmList, CommandResult.OutcomeOneofCase.Pwm, true, false, false, _ => LinkTargets.None),
        new(Command.OpOneofCase.I2CScan, CommandResult.OutcomeOneofCase.I2CScan, true, false, false, _ => LinkTargets.None),
        I2c(Command.OpOneofCase.I2CTransfer, CommandResult.OutcomeOneofCase.I2CTransfer, c => LinkTargets.At(c.I2CTransfer.Bus, c.I2CTransfer.Address)),
        I2c(Command.OpOneofCase.I2CDeviceRead, CommandResult.OutcomeOneofCase.I2CReading, c => LinkTargets.At(c.I2CDeviceRead.Bus, c.I2CDeviceRead.Address)),
        I2c(Command.OpOneofCase.I2CWatch, CommandResult.OutcomeOneofCase.I2CWatches, c => LinkTargets.At(c.I2CWatch.Bus, c.I2CWatch.Address)),
        I2c(Command.OpOneofCase.I2CUnwatch, CommandResult.OutcomeOneofCase.I2CWatches, c => LinkTargets.At(c.I2CUnwatch.Bus, c.I2CUnwatch.Address)),
        new(Command.OpOneofCase.I2CWatchList, CommandResult.OutcomeOneofCase.I2CWatches, true, false, false, _ => LinkTargets.None),
        K3s(Command.OpOneofCase.InstallK3S, CommandResult.OutcomeOneofCase.K3SStep),
        K3s(Command.OpOneofCase.WriteK3SConfig, CommandResult.OutcomeOneofCase.K3SStep),
        K3s(Command.OpOneofCase.UninstallK3S, CommandResult.OutcomeOneofCase.K3SStep),
        K3s(Command.OpOneofCase.ReadK3SFile, CommandResult.OutcomeOneofCase.K3SFile),
        K3s(Command.OpOneofCase.ServiceControl, CommandResult.OutcomeOneofCase.K3SService),
        K3s(Command.OpOneofCase.GatherPreflightFacts, CommandResult.OutcomeOneofCase.PreflightFacts),
        K3s(Command.OpOneofCase.FixBootCmdline, CommandResult.OutcomeOneofCase.K3SStep),
        K3s(Command.OpOneofCase.RestoreK3SBinary, CommandResult.OutcomeOneofCase.K3SStep),
        K3s(Command.OpOneofCase.EtcdSnapshot, CommandResult.OutcomeOneofCase.EtcdSnapshots),
    }.ToFrozenDictionary(c => c.Op);

    /// <summary>Every known command.</summary>
    public static IEnumerable<LinkCommand> All => Table.Values;

    /// <summary>The row of <paramref name="op"/>, or null for a command this build does not know.</summary>
    public static LinkCommand? Find(Command.OpOneofCase op) => Table.GetValueOrDefault(op);

    /// <summary>The row of <paramref name="command"/>'s operation; throws for an empty or unknown one.</summary>
    public static LinkCommand Of(Command command) =>
        Find(command.OpCase) ?? throw new ArgumentException($"\"{command.OpCase}\" is not a link command", nameof(command));

    /// <summary>Whether <paramref name="command"/> runs on the agent's hardware worker.</summary>
    public static bool TouchesHardware(Command command) => Find(command.OpCase)?.TouchesHardware == true;

    private static LinkCommand Gpio(Command.OpOneofCase op, bool changes, Func<Command, LinkTargets> targets) =>
        new(op, CommandResult.OutcomeOneofCase.Gpio, true, changes, changes, targets);

    // K3s steps touch no pin: the hardware worker does not run them and the managed-pin guard does not look at them.
    private static LinkCommand K3s(Command.OpOneofCase op, CommandResult.OutcomeOneofCase outcome) =>
        new(op, outcome, false, false, false, _ => LinkTargets.None);

    // I2C changes are not persisted: watches start again from the hub's resources, transfers are one-off.
    private static LinkCommand I2c(Command.OpOneofCase op, CommandResult.OutcomeOneofCase outcome, Func<Command, LinkTargets> targets) =>
        new(op, outcome, true, true, false, targets);
}
