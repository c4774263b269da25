namespace PiController.Agent.Hardware.Simulation;

/// <summary>
/// An MCP23017 16-bit port expander in its power-on bank-0 layout (Microchip DS20001952): IODIRA/B at 0x00/0x01
/// (all inputs), GPIOA/B at 0x12/0x13, OLATA/B at 0x14/0x15. Inputs read a fixed pattern (port A 0xA5,
/// port B 0x0F); outputs read back their latch.
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

    protected override void OnWrite(byte register, byte value)
    {
        // Writing GPIOx writes the output latch.
        Registers[register is 0x12 or 0x13 ? register + 2 : register] = value;
    }

    protected override byte OnRead(byte register) => register switch
    {
        0x12 => Port(Registers[0x00], InputsA, Registers[0x14]),
        0x13 => Port(Registers[0x01], InputsB, Registers[0x15]),
        _ => Registers[register],
    };

    private static byte Port(byte directions, byte inputs, byte latch) => (byte)((inputs & directions) | (latch & ~directions));
}
