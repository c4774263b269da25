using System.Device.I2c;

namespace PiController.Agent.Hardware.Control.I2c;

/// <summary>What a probe found at one address.</summary>
internal enum I2cProbeResult
{
    Absent,
    Present,
    /// <summary>Bound to a kernel driver (i2cdetect's "UU"): not probed.</summary>
    KernelDriver,
}

/// <summary>The seam between the I2C service and the buses: /dev/i2c-N, or the simulated bus.</summary>
internal interface II2cBuses
{
    bool Exists(int bus);

    I2cProbeResult Probe(int bus, int address);

    I2cDevice Open(int bus, int address);
}
