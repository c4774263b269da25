namespace PiController.Agent.Hardware.Control.Simulation;

/// <summary>
/// An MCP23017 16-bit port expander in its power-on bank-0 layout (Microchip DS20001952): IODIRA/B at 0x00/0x01
/// (all inputs), IOCON at both 0x0A and 0x0B, GPIOA/B at 0x12/0x13, OLATA/B at 0x14/0x15. Inputs read a fixed
/// pattern (port A 0xA5, port B 0x0F); outputs read back their latch. It has no id register.
/// </summary>
internal sealed class SimulatedMcp23017 : RegisterMapPeripheral
{
    public const byte InputsA = 0xA5;
    public const byte InputsB = 0x0F;

    public SimulatedMcp23017()
    {
        Registers[0x00] = 0xFF;
        Registers[0x01] = 0xFF;
    }

    /// <summary>A register as the chip holds it (for tests that check what a command changed).</summary>
    public byte Register(int register) => Registers[register];

    protected override void OnWrite(byte register, byte value)
    {
        switch (register)
        {
            case 0x0A or 0x0B:
                // One IOCON register at two addresses; bit 0 is unimplemented.
                Registers[0x0A] = Registers[0x0B] = (byte)(value & 0xFE);
                return;
            case 0x12 or 0x13:
                // Writing GPIOx writes the output latch.
                Registers[register + 2] = value;
                return;
            default:
                Registers[register] = value;
                return;
        }
    }

    protected override byte OnRead(byte register) => register switch
    {
        0x12 => Port(Registers[0x00], InputsA, Registers[0x14]),
        0x13 => Port(Registers[0x01], InputsB, Registers[0x15]),
        _ => Registers[register],
    };

    private static byte Port(byte directions, byte inputs, byte latch) => (byte)((inputs & directions) | (latch & ~directions));
}
