using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>Reads one GPIO chip's label, line count and lines. The seam between the probe and the kernel.</summary>
internal interface IGpioChipReader
{
    /// <summary>The chip named <paramref name="name"/> ("gpiochip0"), or null when this reader cannot read it.</summary>
    GpioChip? Read(string name);
}
