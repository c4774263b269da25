namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>A device on the simulated I2C bus: answers the bytes a master writes and reads at its address.</summary>
internal abstract class SimulatedI2cPeripheral
{
    public abstract void Write(ReadOnlySpan<byte> data);

    public abstract void Read(Span<byte> buffer);
}

/// <summary>
/// The common shape of register-mapped sensors: the first byte written selects a register, further bytes are
/// written from there, and reads continue from the selected register, the pointer advancing with each byte.
/// </summary>
internal class RegisterMapPeripheral : SimulatedI2cPeripheral
{
    protected readonly byte[] Registers = new byte[256];
    private byte _pointer;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        _pointer = data[0];
        for (var i = 1; i < data.Length; i++)
        {
            OnWrite(_pointer, data[i]);
            _pointer++;
        }
    }

    public override void Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = OnRead(_pointer);
            _pointer++;
        }
    }

    protected virtual void OnWrite(byte register, byte value) => Registers[register] = value;

    protected virtual byte OnRead(byte register) => Registers[register];
}
