namespace PiController.Hub.Hardware;

/// <summary>
/// Which resource manages a pin or an I2C device of a node: the direct API keeps off it, input events name it.
/// Hardware owns this and Resources implements it with its claims, so Hardware, the lower feature, names no resource type.
/// </summary>
internal interface IManagedHardware
{
    ManagedBy? PinHolder(string nodeId, int bcm);

    ManagedBy? DeviceHolder(string nodeId, uint bus, uint address);
}
