using PiController.Hub.Resources;
using PiController.Protocol.Link;
using PiController.Protocol.Pins;

namespace PiController.Hub.Hardware;

/// <summary>
/// Keeps the direct hardware API off what resources manage. A resource is the desired state of its pin: a direct
/// write to it would be undone by the next reconciliation, so it is refused with the resource's name instead.
/// Reads of pins stay allowed. Every call that addresses a managed I2C device is refused: a raw transfer or a
/// typed read writes to the chip (a binding configures it), and the resource's status carries its readings. A pin name the header does not know is left for the agent to refuse with its own message.
/// </summary>
internal sealed class ManagedPinGuard(ResourceStore resources)
{
    public void RefuseManaged(string nodeId, Command command)
    {
        foreach (var claim in Changes(command))
        {
            if (resources.ClaimHolder(nodeId, claim.Claim) is { } holder)
            {
                throw new HardwareCommandException(CommandError.Types.Code.FailedPrecondition,
                    $"{claim.Target} on node {nodeId} is managed by {holder}; change its spec (pi-controller apply -f, or PUT /api/v1/{PathOf(holder)}) or delete it first");
            }
        }
    }

    private static IEnumerable<(string Claim, string Target)> Changes(Command command)
    {
        IEnumerable<string> pins = command.OpCase switch
        {
            Command.OpOneofCase.GpioConfigure => [command.GpioConfigure.Pin],
            Command.OpOneofCase.GpioWrite => [command.GpioWrite.Pin],
            Command.OpOneofCase.GpioToggle => [command.GpioToggle.Pin],
            Command.OpOneofCase.GpioRelease => [command.GpioRelease.Pin],
            Command.OpOneofCase.GpioBatch => command.GpioBatch.Ops.Where(op => op.HasWriteHigh).Select(op => op.Pin),
            Command.OpOneofCase.PwmSet => [command.PwmSet.Pin],
            Command.OpOneofCase.PwmStop => [command.PwmStop.Pin],
            _ => [],
        };
        foreach (var pin in pins)
        {
            if (HeaderLayout.TryResolve(pin, out var bcm, out _))
            {
                yield return (ValidSpec.PinClaim(bcm), $"GPIO{bcm}");
            }
        }
        var device = command.OpCase switch
        {
            Command.OpOneofCase.I2CWatch => (command.I2CWatch.Bus, command.I2CWatch.Address),
            Command.OpOneofCase.I2CUnwatch => (command.I2CUnwatch.Bus, command.I2CUnwatch.Address),
            Command.OpOneofCase.I2CTransfer => (command.I2CTransfer.Bus, command.I2CTransfer.Address),
            Command.OpOneofCase.I2CDeviceRead => (command.I2CDeviceRead.Bus, command.I2CDeviceRead.Address),
            _ => ((uint, uint)?)null,
        };
        if (device is var (bus, address))
        {
            yield return (ValidSpec.I2cClaim(bus, address), $"I2C bus {bus} address 0x{address:x2}");
        }
    }

    private static string PathOf(string holder) =>
        holder.Split('/') is [var kind, var name] && ResourceKinds.Parse(kind) is { } parsed ? $"{parsed.Path()}/{name}" : holder;
}
