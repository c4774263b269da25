namespace PiController.Hub.Provisioning.Preflight;

/// <summary>
/// cmdline.txt of a Raspberry Pi: the kernel command line, which the firmware reads from the file's first line only.
/// K3s needs <c>cgroup_memory=1 cgroup_enable=memory</c> there (docs.k3s.io, Raspberry Pi requirements).
/// </summary>
internal static class BootCmdline
{
    public static readonly IReadOnlyList<string> MemoryFlags = ["cgroup_memory=1", "cgroup_enable=memory"];

    /// <summary>The line the firmware reads: the first line, without its line ending.</summary>
    public static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r');

    public static IReadOnlyList<string> Missing(string text)
    {
        var words = FirstLine(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return MemoryFlags.Where(f => !words.Contains(f)).ToList();
    }

    /// <summary>
    /// The file's new content: the first line as it was (trailing blanks removed) with the missing flags appended,
    /// and a newline. Anything after the first line is dropped: the firmware never read it, and a second line is a
    /// common mistake that hides the flags.
    /// </summary>
    public static string WithMemoryFlags(string text)
    {
        var line = FirstLine(text).TrimEnd();
        var missing = Missing(text);
        return (missing.Count == 0 ? line : string.Join(' ', [line, .. missing]).TrimStart()) + "\n";
    }
}
