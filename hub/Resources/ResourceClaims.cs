using PiController.Hub.Hardware;

namespace PiController.Hub.Resources;

/// <summary>What Hardware asks of the resources: which one holds the claim on a pin or an I2C device of a node.</summary>
internal sealed class ResourceClaims(ResourceStore resources) : IManagedHardware
{
    public ManagedBy? PinHolder(string nodeId, int bcm) => Holder(nodeId, ValidSpec.PinClaim(bcm));

    public ManagedBy? DeviceHolder(string nodeId, uint bus, uint address) => Holder(nodeId, ValidSpec.I2cClaim(bus, address));

    private ManagedBy? Holder(string nodeId, string claim) =>
        resources.ClaimHolder(nodeId, claim) is { } holder ? new ManagedBy(holder.Kind.Name(), holder.Name, holder.Path) : null;
}
