using System.Globalization;

namespace PiController.Testing.Hosts;

/// <summary>
/// A cgroup of one test host's own, in every hierarchy systemd uses here (name=systemd and the unified one on a
/// hybrid machine; the one tree on a pure cgroup v2 machine). systemd-nspawn is started from a shell that first moves
/// itself in (TESTING.md: else all containers share one /payload cgroup). Removed, deepest first, after the host stops.
/// </summary>
internal sealed class HostCgroup
{
    private HostCgroup(IReadOnlyList<string> paths) => Paths = paths;

    /// <summary>The cgroup's directory in each hierarchy; the first one holds every process of the host.</summary>
    public IReadOnlyList<string> Paths { get; }

    public static HostCgroup Create(string name)
    {
        string[] roots = File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? ["/sys/fs/cgroup"]
            : new[] { "/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified" }.Where(Directory.Exists).ToArray();
        if (roots.Length == 0)
        {
            throw new InvalidOperationException("no cgroup hierarchy under /sys/fs/cgroup (neither systemd, unified nor cgroup v2)");
        }
        return new HostCgroup(roots.Select(r => Directory.CreateDirectory(Path.Join(r, name)).FullName).ToList());
    }

    /// <summary>The process ids in the cgroup and all its children.</summary>
    public IReadOnlyList<int> Processes()
    {
        if (!Directory.Exists(Paths[0]))
        {
            return [];
        }
        return Directory.EnumerateFiles(Paths[0], "cgroup.procs", SearchOption.AllDirectories)
            .SelectMany(ReadLinesOrNone)
            .Select(l => int.Parse(l, CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
    }

    /// <summary>The proportional set size of all the host's processes, in KiB (shared pages split among their users).</summary>
    public long PssKib() =>
        Processes().Sum(pid => ReadLinesOrNone($"/proc/{pid}/smaps_rollup")
            .Where(l => l.StartsWith("Pss:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .FirstOrDefault());

    /// <summary>Removes the cgroup directories, children first; they must be empty of processes by then.</summary>
    public void Remove()
    {
        foreach (var path in Paths.Where(Directory.Exists))
        {
            foreach (var directory in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(path))
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException)
                {
                    // Still has a process (reported by the caller through Processes()) or gone already.
                }
            }
        }
    }

    private static IEnumerable<string> ReadLinesOrNone(string path)
    {
        try
        {
            return File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
