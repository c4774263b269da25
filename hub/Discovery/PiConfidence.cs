namespace PiController.Hub.Discovery;

/// <summary>How sure the hub is that a discovered machine is a Raspberry Pi, and why.</summary>
internal static class PiConfidence
{
    public static (string Confidence, string Evidence) Assess(string? mac, string hostname, string model, bool hasAgent, bool sshOpen)
    {
        if (hasAgent && model.Contains("Raspberry Pi", StringComparison.OrdinalIgnoreCase))
        {
            return ("certain", $"its agent reports \"{model}\"");
        }
        if (hasAgent && model.Length > 0)
        {
            return ("no", $"its agent reports \"{model}\", not a Raspberry Pi");
        }
        if (RaspberryPiMac.Maker(mac) is { } maker)
        {
            return ("likely", $"MAC {mac![..8]} is assigned to {maker}");
        }
        if (hostname.Contains("raspberrypi", StringComparison.OrdinalIgnoreCase) || hostname.StartsWith("pi", StringComparison.OrdinalIgnoreCase))
        {
            return ("possible", $"hostname \"{hostname}\" looks like a Pi's");
        }
        return ("unknown", sshOpen ? "SSH answers, nothing else says what it is" : "nothing says what it is");
    }
}
