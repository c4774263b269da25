namespace PiController.Protocol.Pins;

/// <summary>What sits at one position of the 40-pin header.</summary>
public enum HeaderPinKind
{
    Gpio,
    Power3V3,
    Power5V,
    Ground,
}

/// <summary>One position of the 40-pin header: a GPIO (with its BCM number) or a power or ground pin (Bcm -1).</summary>
public readonly record struct HeaderPin(int Physical, HeaderPinKind Kind, int Bcm);
