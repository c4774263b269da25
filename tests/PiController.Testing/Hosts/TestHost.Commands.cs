using System.Globalization;

namespace PiController.Testing.Hosts;

public sealed partial class TestHost
{
    private const string SearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// Runs a shell command as root inside the host (nsenter into all its namespaces, with a clean environment), to
    /// its end; <paramref name="input"/> goes to its stdin.
    /// </summary>
    public async Task<Run.Result> ExecAsync(string command, string? input = null, TimeSpan? timeout = null)
    {
        var leader = Leader(_nspawn!) ?? throw new InvalidOperationException($"{Name} is not booted");
        return await Run.Async("nsenter", ["-t", leader.ToString(CultureInfo.InvariantCulture), "-m", "-u", "-i", "-n", "-p", "-C", "--",
            "/usr/bin/env", "-i", "PATH=" + SearchPath, "LANG=C.UTF-8", "/bin/sh", "-c", command], timeout: timeout, input: input).ConfigureAwait(false);
    }

    /// <summary>Runs a command as the user pi over ssh (key authentication, this host's key pinned), from the hub's namespace.</summary>
    public Task<Run.Result> SshAsync(string command, string? input = null, TimeSpan? timeout = null) =>
        Run.Async("ip", ["netns", "exec", _hubNamespace, "ssh", .. Credentials.SshOptions, $"{HostCredentials.User}@{Address}", command],
            timeout: timeout ?? TimeSpan.FromSeconds(60), input: input);

    /// <summary>Copies a file of the test machine into the host (the parent folders are made), with <paramref name="mode"/>.</summary>
    public void CopyIn(string source, string pathInHost, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        var target = File(pathInHost);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        System.IO.File.Copy(source, target, overwrite: true);
        System.IO.File.SetUnixFileMode(target, mode);
    }

    /// <summary>The container's PID 1 (systemd), a child of systemd-nspawn; null before it exists and after it ended.</summary>
    private static int? Leader(TestProcess nspawn)
    {
        if (nspawn.HasExited)
        {
            return null;
        }
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = System.IO.File.ReadAllText(Path.Join(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == nspawn.Id && stat.Contains("(systemd)", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Ended while we looked.
            }
        }
        return null;
    }

    /// <summary>
    /// Stops the host: SIGTERM to systemd-nspawn (an orderly halt of the container), then unmounts the overlay and
    /// removes the cgroup and nspawn's propagation folder. Ends only the processes this host started.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping = true;
        // A reboot's restart may have begun just before: stop whichever nspawn is current until none is.
        while (_nspawn is { } nspawn)
        {
            try
            {
                await nspawn.TerminateAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                nspawn.Dispose();
            }
            await _loop.ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_nspawn, nspawn))
                {
                    _console.Add(nspawn.Output);
                    _nspawn = null;
                }
            }
            nspawn.Dispose();
        }
        for (var attempt = 0; IsMounted(Root) && attempt < 20; attempt++)
        {
            if ((await Run.Async("umount", Root).ConfigureAwait(false)).ExitCode != 0)
            {
                await Task.Delay(250).ConfigureAwait(false);
            }
        }
        _cgroup.Remove();
        var propagate = Path.Join("/run/systemd/nspawn/propagate", Machine);
        if (System.IO.Directory.Exists(propagate))
        {
            System.IO.Directory.Delete(propagate, recursive: true);
        }
    }

    /// <summary>Whether anything is mounted at <paramref name="path"/> or below it in this (the test's) mount namespace.</summary>
    public static bool IsMounted(string path) =>
        System.IO.File.ReadAllLines("/proc/self/mountinfo").Any(l => l.Split(' ')[4] is var point && (point == path || point.StartsWith(path + "/", StringComparison.Ordinal)));
}
