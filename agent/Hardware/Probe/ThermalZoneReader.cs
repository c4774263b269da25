using System.Globalization;
using System.Text.RegularExpressions;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>The thermal zones of /sys/class/thermal and their types; their temperatures travel with the metrics.</summary>
internal static partial class ThermalZoneReader
{
    public static IEnumerable<ThermalZone> Read(SystemRoot root) =>
        root.EntryNames("/sys/class/thermal")
            .Select(name => (Name: name, Match: Zone().Match(name)))
            .Where(e => e.Match.Success)
            .Select(e =>
            {
                var zone = new ThermalZone { Zone = uint.Parse(e.Match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture) };
                if (root.ReadTrimmed($"/sys/class/thermal/{e.Name}/type") is { } type)
                {
                    zone.Type = type;
                }
                return zone;
            })
            .OrderBy(z => z.Zone);

    [GeneratedRegex(@"^thermal_zone(\d{1,9})$")]
    private static partial Regex Zone();
}
