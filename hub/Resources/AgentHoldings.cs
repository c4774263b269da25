using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>What an agent reported holding: its configured pins, running PWM channels and I2C watches.</summary>
internal sealed record AgentHoldings(IReadOnlyList<GpioPinState> Pins, IReadOnlyList<PwmChannelState> Channels, IReadOnlyList<I2cWatchState> Watches)
{
    public static AgentHoldings Empty { get; } = new([], [], []);

    public GpioPinState? Pin(int bcm) => Pins.FirstOrDefault(p => p.Bcm == bcm);

    public PwmChannelState? Channel(int bcm) => Channels.FirstOrDefault(c => c.Bcm == bcm);

    public I2cWatchState? Watch(uint bus, uint address) => Watches.FirstOrDefault(w => w.Bus == bus && w.Address == address);
}
