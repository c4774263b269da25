namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// A sensor reading's values as name, value and unit: the agent names each value with its unit after the last
/// underscore (temperature_celsius, pressure_pascal, humidity_percent, port_a_bitmask).
/// </summary>
internal static class ProjectionReadings
{
    public static IReadOnlyList<(string Name, double Value, string? Unit)> Split(IReadOnlyDictionary<string, double> values) =>
        values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v =>
        {
            var underscore = v.Key.LastIndexOf('_');
            return underscore > 0 ? (v.Key[..underscore], v.Value, (string?)v.Key[(underscore + 1)..]) : (v.Key, v.Value, null);
        }).ToList();
}
