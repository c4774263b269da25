namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// The "key : value" lines of /proc/cpuinfo. The board lines (Hardware, Revision, Serial, Model) come after the
/// per-processor blocks and only on Raspberry Pi OS kernels; mainline kernels leave them out.
/// </summary>
internal static class CpuInfo
{
    /// <summary>The value of the last line whose key is <paramref name="key"/>, or null when there is none or it is empty.</summary>
    public static string? Field(string? cpuinfo, string key)
    {
        if (cpuinfo is null)
        {
            return null;
        }
        string? found = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual(key))
            {
                found = line[(colon + 1)..].Trim();
            }
        }
        return string.IsNullOrEmpty(found) ? null : found;
    }
}
