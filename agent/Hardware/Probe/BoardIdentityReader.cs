using System.Buffers.Binary;
using PiController.Agent.Platform;
using PiController.Protocol.Hardware;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Which board this is: the device-tree model and compatible strings, the revision code (from /proc/cpuinfo,
/// else the device tree's linux,revision cell, which is all a mainline kernel such as Ubuntu's offers) and the
/// serial number. The revision code is decoded only on a board that says it is a Raspberry Pi.
/// </summary>
internal static class BoardIdentityReader
{
    public static BoardIdentity Read(SystemRoot root)
    {
        var cpuinfo = root.ReadText("/proc/cpuinfo");
        var identity = new BoardIdentity();
        var model = root.ReadTrimmed("/proc/device-tree/model") ?? CpuInfo.Field(cpuinfo, "Model");
        if (model is not null)
        {
            identity.Model = model;
        }
        identity.RaspberryPi = IsRaspberryPi(root, model);
        if (NodeIdentity.Serial(root) is { } serial)
        {
            identity.Serial = serial;
        }
        if (!identity.RaspberryPi || Revision(root, cpuinfo) is not { } revision)
        {
            return identity;
        }
        identity.RevisionCode = revision.Value;
        if (!revision.IsNewStyle)
        {
            return identity;
        }
        identity.BoardTypeCode = revision.TypeCode;
        Set(revision.Type, v => identity.BoardType = v);
        Set(revision.Revision, v => identity.BoardRevision = v);
        Set(revision.Manufacturer, v => identity.Manufacturer = v);
        Set(revision.Processor, v => identity.Processor = v);
        if (revision.MemoryMegabytes is { } megabytes)
        {
            identity.MemoryMegabytes = megabytes;
        }
        return identity;
    }

    private static void Set(string? value, Action<string> set)
    {
        if (value is not null)
        {
            set(value);
        }
    }

    // The first compatible string names the board ("raspberrypi,4-model-b"), the next the SoC ("brcm,bcm2711").
    private static bool IsRaspberryPi(SystemRoot root, string? model)
    {
        var compatible = root.ReadText("/proc/device-tree/compatible");
        if (compatible is not null && compatible.Split('\0').Any(c => c.StartsWith("raspberrypi,", StringComparison.Ordinal)))
        {
            return true;
        }
        return model is not null && model.StartsWith("Raspberry Pi ", StringComparison.Ordinal);
    }

    private static RevisionCode? Revision(SystemRoot root, string? cpuinfo)
    {
        if (RevisionCode.Parse(CpuInfo.Field(cpuinfo, "Revision")) is { } fromCpuInfo)
        {
            return fromCpuInfo;
        }
        // The firmware writes the code into the device tree as one big-endian 32-bit cell.
        return root.ReadBytes("/proc/device-tree/system/linux,revision") is { Length: 4 } cell
            ? new RevisionCode(BinaryPrimitives.ReadUInt32BigEndian(cell))
            : null;
    }
}
