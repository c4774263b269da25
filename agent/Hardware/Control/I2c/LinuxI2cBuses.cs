using System.Buffers.Binary;
using System.Device.I2c;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using PiController.Agent.Platform;

namespace PiController.Agent.Hardware.Control.I2c;

/// <summary>
/// The kernel's I2C adapters (/dev/i2c-N). Probing is i2cdetect's: claim the address with I2C_SLAVE (EBUSY means
/// a kernel driver holds it), then an SMBus quick write, except at 0x30-0x37 and 0x50-0x5F where a quick write
/// can corrupt an EEPROM's write-protect state and a receive byte is used instead. Transfers go through
/// System.Device.I2c.
/// </summary>
internal sealed class LinuxI2cBuses(SystemRoot root) : II2cBuses
{
    private const nuint I2cSlave = 0x0703;
    private const nuint I2cSmbus = 0x0720;
    private const byte SmbusWrite = 0;
    private const byte SmbusRead = 1;
    private const uint SmbusQuick = 0;
    private const uint SmbusByte = 1;
    private const int Ebusy = 16;

    public bool Exists(int bus) => root.Exists($"/dev/i2c-{bus}");

    public I2cProbeResult Probe(int bus, int address)
    {
        using var handle = File.OpenHandle(root.PathOf($"/dev/i2c-{bus}"), FileMode.Open, FileAccess.ReadWrite);
        if (IoctlValue(handle, I2cSlave, address) < 0)
        {
            return Marshal.GetLastPInvokeError() == Ebusy ? I2cProbeResult.KernelDriver : I2cProbeResult.Absent;
        }
        var readByte = address is (>= 0x30 and <= 0x37) or (>= 0x50 and <= 0x5F);
        var data = readByte ? Marshal.AllocHGlobal(34) : 0;
        try
        {
            // struct i2c_smbus_ioctl_data { u8 read_write; u8 command; u32 size; union i2c_smbus_data *data; }
            var request = new byte[16];
            request[0] = readByte ? SmbusRead : SmbusWrite;
            BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), readByte ? SmbusByte : SmbusQuick);
            if (IntPtr.Size == 8)
            {
                BinaryPrimitives.WriteInt64LittleEndian(request.AsSpan(8), data);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(8), (int)data);
            }
            return IoctlBytes(handle, I2cSmbus, request) < 0 ? I2cProbeResult.Absent : I2cProbeResult.Present;
        }
        finally
        {
            if (data != 0)
            {
                Marshal.FreeHGlobal(data);
            }
        }
    }

    public I2cDevice Open(int bus, int address) => I2cDevice.Create(new I2cConnectionSettings(bus, address));

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlValue(SafeFileHandle fd, nuint request, nint argument);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlBytes(SafeFileHandle fd, nuint request, [In, Out] byte[] argument);
}
