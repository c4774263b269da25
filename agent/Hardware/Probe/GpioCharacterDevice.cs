using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Reads a chip through the GPIO character device (/dev/gpiochipN), the kernel's own answer: the chip info
/// ioctl for label and line count, then the v2 line-info ioctl per line for name, consumer and whether the line
/// is in use (falling back to the v1 ioctl on kernels older than 5.10). Reading line info claims nothing.
/// </summary>
internal sealed class GpioCharacterDevice(SystemRoot root) : IGpioChipReader
{
    private const int NameSize = 32;

    // _IOR(0xB4, 0x01, struct gpiochip_info): char name[32], char label[32], u32 lines.
    private const nuint ChipInfoRequest = 0x8044B401;
    private const int ChipInfoSize = 68;

    // _IOWR(0xB4, 0x05, struct gpio_v2_line_info): name[32], consumer[32], u32 offset, u32 num_attrs,
    // u64 flags, 10 attributes of 16 bytes, u32 padding[4].
    private const nuint LineInfoV2Request = 0xC100B405;
    private const int LineInfoV2Size = 256;
    private const ulong V2FlagUsed = 1;

    // _IOWR(0xB4, 0x02, struct gpioline_info): u32 line_offset, u32 flags, name[32], consumer[32].
    private const nuint LineInfoV1Request = 0xC048B402;
    private const int LineInfoV1Size = 72;
    private const uint V1FlagKernel = 1;

    public GpioChip? Read(string name)
    {
        try
        {
            using var handle = File.OpenHandle(root.PathOf("/dev/" + name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var info = new byte[ChipInfoSize];
            if (Ioctl(handle, ChipInfoRequest, info) < 0)
            {
                return null;
            }
            var chip = new GpioChip
            {
                Name = name,
                Label = Text(info.AsSpan(NameSize, NameSize)),
                LineCount = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(2 * NameSize)),
            };
            for (var offset = 0u; offset < chip.LineCount; offset++)
            {
                if (ReadLine(handle, offset) is not { } line)
                {
                    chip.Lines.Clear();
                    break;
                }
                chip.Lines.Add(line);
            }
            return chip;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static GpioLine? ReadLine(SafeFileHandle handle, uint offset)
    {
        var v2 = new byte[LineInfoV2Size];
        BinaryPrimitives.WriteUInt32LittleEndian(v2.AsSpan(2 * NameSize), offset);
        if (Ioctl(handle, LineInfoV2Request, v2) >= 0)
        {
            return new GpioLine
            {
                Offset = offset,
                Name = Text(v2.AsSpan(0, NameSize)),
                Consumer = Text(v2.AsSpan(NameSize, NameSize)),
                Used = (BinaryPrimitives.ReadUInt64LittleEndian(v2.AsSpan((2 * NameSize) + 8)) & V2FlagUsed) != 0,
            };
        }
        var v1 = new byte[LineInfoV1Size];
        BinaryPrimitives.WriteUInt32LittleEndian(v1, offset);
        if (Ioctl(handle, LineInfoV1Request, v1) >= 0)
        {
            return new GpioLine
            {
                Offset = offset,
                Name = Text(v1.AsSpan(8, NameSize)),
                Consumer = Text(v1.AsSpan(8 + NameSize, NameSize)),
                Used = (BinaryPrimitives.ReadUInt32LittleEndian(v1.AsSpan(4)) & V1FlagKernel) != 0,
            };
        }
        return null;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    // ioctl(2) with a handle and a byte array: marshalling NativeAOT generates at compile time (pin the array,
    // add a reference to the handle), with no runtime code generation and no reflection.
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(SafeFileHandle fd, nuint request, [In, Out] byte[] argument);
}
