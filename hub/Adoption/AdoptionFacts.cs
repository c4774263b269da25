namespace PiController.Hub.Adoption;

/// <summary>
/// What adopt reads from a Pi before it changes anything (<see cref="AdoptionScripts.FactsScript"/>): its Debian
/// architecture (the package it needs), its hostname, and the node id its agent will enroll as, found the way the
/// agent finds it (the board's serial number from the device tree, else from /proc/cpuinfo, else /etc/machine-id).
/// </summary>
/// <param name="Architecture">dpkg's architecture (arm64, armhf, amd64); empty when the host has no dpkg.</param>
/// <param name="Hostname">The host's name.</param>
/// <param name="NodeId">The node id the agent will use; null when the host has neither a serial number nor a machine id.</param>
internal sealed record AdoptionFacts(string Architecture, string Hostname, string? NodeId)
{
    public static AdoptionFacts Parse(string output)
    {
        var values = output.Split('\n')
            .Select(line => line.TrimEnd('\r').Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim('\0', ' ', '\t'), StringComparer.Ordinal);
        string Value(string key) => values.GetValueOrDefault(key) ?? "";
        var serial = new[] { Value("serial-dt"), Value("serial-cpu") }.FirstOrDefault(IsUsableSerial)?.ToLowerInvariant();
        var machineId = Value("machine-id");
        var nodeId = serial ?? (machineId.Length == 32 && machineId.All(char.IsAsciiHexDigit) ? machineId.ToLowerInvariant() : null);
        return new AdoptionFacts(Value("arch"), Value("hostname"), nodeId);
    }

    // As the agent's NodeIdentity: a serial of all zeros is what boards without one report.
    private static bool IsUsableSerial(string serial) =>
        serial.Length >= 8 && serial.All(char.IsAsciiHexDigit) && serial.Any(c => c != '0');
}
