using PiController.Hub.Api;
using PiController.Protocol.Link;
using PiController.Protocol.Pins;

namespace PiController.Hub.Hardware;

/// <summary>
/// Keeps the direct hardware API off what resources manage. A resource is the desired state of its pin: a direct
/// change of it would be undone by the next reconciliation, so it is refused with the resource's name instead.
/// Which commands change state, and what they target, is <see cref="LinkCommands"/>'s: reads of pins stay allowed,
/// and every call that addresses a managed I2C device is refused (a raw transfer or a typed read writes to the chip;
/// the resource's status carries its readings). A pin name the header does not know is left for the agent to refuse
/// with its own message.
/// </summary>
internal sealed class ManagedPinGuard(IManagedHardware managed)
{
    public void RefuseManaged(string nodeId, Command command)
    {
        if (LinkCommands.Find(command.OpCase) is not { ChangesState: true } row)
        {
            return;
        }
        var targets = row.Targets(command);
        foreach (var pin in targets.Pins)
        {
            if (HeaderLayout.TryResolve(pin, out var bcm, out _))
            {
                Refuse(nodeId, managed.PinHolder(nodeId, bcm), $"GPIO{bcm}");
            }
        }
        if (targets.Device is { } device)
        {
            Refuse(nodeId, managed.DeviceHolder(nodeId, device.Bus, device.Address), device.ToString());
        }
    }

    private static void Refuse(string nodeId, ManagedBy? holder, string target)
    {
        if (holder is not null)
        {
            throw new HubException(HubErrorKind.Conflict,
                $"{target} on node {nodeId} is managed by {holder}; change its spec (pi-controller apply -f FILE) or delete it first (pi-controller delete {holder.Path.Replace('/', ' ')})");
        }
    }
}
