namespace PiController.Protocol.Link;

/// <summary>
/// One row of <see cref="LinkCommands"/>: what a link command answers with and what it does.
/// </summary>
/// <param name="Op">The command.</param>
/// <param name="Outcome">The result the agent answers it with when it succeeds; anything else (but an error) means an agent of another version.</param>
/// <param name="TouchesHardware">Runs on the agent's hardware worker (everything but a ping).</param>
/// <param name="ChangesState">
/// Changes what a pin, PWM channel or I2C device does: refused through the direct API on what a resource manages,
/// and needs an operator. A typed I2C read is one: its binding writes the chip's configuration.
/// </param>
/// <param name="SavesPins">Changes the pin or channel state the agent persists and restores after a restart.</param>
/// <param name="Targets">The pins it changes (a batch's writes only) and the I2C device it addresses.</param>
public sealed record LinkCommand(
    Command.OpOneofCase Op,
    CommandResult.OutcomeOneofCase Outcome,
    bool TouchesHardware,
    bool ChangesState,
    bool SavesPins,
    Func<Command, LinkTargets> Targets);

/// <summary>Pins as the user wrote them ("17", "P11"; the agent resolves them) and an I2C device.</summary>
public sealed record LinkTargets(IReadOnlyList<string> Pins, I2cDeviceAddress? Device)
{
    public static readonly LinkTargets None = new([], null);

    public static LinkTargets Pin(string pin) => new([pin], null);

    public static LinkTargets At(uint bus, uint address) => new([], new I2cDeviceAddress(bus, address));
}

/// <summary>An address on an I2C bus.</summary>
public readonly record struct I2cDeviceAddress(uint Bus, uint Address)
{
    public override string ToString() => $"I2C bus {Bus} address 0x{Address:x2}";
}
