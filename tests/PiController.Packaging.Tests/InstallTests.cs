using PiController.Testing.Hosts;

namespace PiController.Packaging.Tests;

/// <summary>
/// Both packages installed with dpkg into a throw-away Debian root made by debootstrap (minbase, from the mirror
/// this machine's apt uses): files land where they belong, the installed programs run and talk to each other, and
/// purge leaves only what Debian policy keeps (dpkg's own records and logs, and the system user). Then the first
/// boot of a preseeded image installs the agent in the same root.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class InstallTests(PackagesFixture packages)
{
    private static readonly string[] NotSnapshotted = ["proc", "dev", "sys", "run", "tmp", "var/cache/apt", "var/lib/apt/lists"];

    [PackagingFact("debootstrap", "unshare", "chroot", "sfdisk", "mkfs.vfat", "mcopy", Root = true)]
    public async Task Both_packages_install_run_and_purge_cleanly_in_a_fresh_debian_root()
    {
        var (mirror, suite) = AptMirror.Find();
        using var work = new TempDirectory("pic-root-");
        var root = work.Directory("root");
        // Downloaded packages are kept between runs (artifacts/ is never committed): a second run needs no mirror.
        var cache = Directory.CreateDirectory(Path.Join(Repo.Root, "artifacts", "cache", "debootstrap")).FullName;
        (await Run.Async("debootstrap", ["--variant=minbase", $"--cache-dir={cache}", suite, root, mirror], timeout: TimeSpan.FromMinutes(15))).Ok($"debootstrap {suite} from {mirror}");
        File.Copy("/etc/resolv.conf", Path.Join(root, "etc/resolv.conf"), overwrite: true);

        var agentDeb = packages.Deb("pi-controller-agent", "amd64");
        var hubDeb = packages.Deb("pi-controller-hub", "amd64");
        File.Copy(agentDeb, Path.Join(root, "tmp/agent.deb"));
        File.Copy(hubDeb, Path.Join(root, "tmp/hub.deb"));
        // The dependencies, resolved by apt from the packages' own Depends (so they must exist in this release).
        var depends = string.Join(", ", (await Run.Async("dpkg-deb", "-f", agentDeb, "Depends")).Output.Trim(), (await Run.Async("dpkg-deb", "-f", hubDeb, "Depends")).Output.Trim());
        (await InRoot(root, "apt-get update -qq && apt-get satisfy -y -qq --no-install-recommends \"$DEPENDS\"", ("DEPENDS", depends), TimeSpan.FromMinutes(10))).Ok("apt-get satisfy " + depends);

        var before = Snapshot(root);
        (await InRoot(root, "dpkg -i /tmp/agent.deb /tmp/hub.deb")).Ok("dpkg -i");
        var installed = Snapshot(root);
        var added = installed.Keys.Except(before.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, kind) in new[]
        {
            ("usr/bin/pi-agent", "f 755"), ("lib/systemd/system/pi-agent.service", "f 644"), ("etc/pi-controller/agent.conf", "f 600"),
            ("usr/share/man/man8/pi-agent.8.gz", "f 644"), ("usr/share/doc/pi-controller-agent/copyright", "f 644"),
            ("usr/lib/pi-controller/pi-controller", "f 755"), ("usr/lib/pi-controller/libe_sqlite3.so", "f 644"),
            ("usr/bin/pi-controller", "l ../lib/pi-controller/pi-controller"), ("lib/systemd/system/pi-controller.service", "f 644"),
            ("etc/pi-controller/hub.env", "f 644"), ("usr/share/man/man1/pi-controller.1.gz", "f 644"), ("var/lib/pi-controller", "d 700"),
            ($"usr/share/pi-controller/packages/pi-controller-agent_{packages.Version}_arm64.deb", "f 644"),
            // Enabled the way dh_installsystemd's snippets do it, even with no systemd running in this root.
            ("etc/systemd/system/multi-user.target.wants/pi-agent.service", "l /lib/systemd/system/pi-agent.service"),
            ("etc/systemd/system/multi-user.target.wants/pi-controller.service", "l /lib/systemd/system/pi-controller.service"),
        })
        {
            // Where /lib is /usr/lib (merged /usr, as in bookworm), dpkg puts /lib/... files in /usr/lib.
            var real = path.StartsWith("lib/", StringComparison.Ordinal) && installed.GetValueOrDefault("lib") == "l usr/lib" ? "usr/" + path : path;
            Assert.True(installed.TryGetValue(real, out var actual) && actual == kind, $"/{path}: expected {kind}, found {actual ?? "nothing"}");
        }
        Assert.Contains(added, p => p == "usr/bin/pi-agent");
        var user = File.ReadAllLines(Path.Join(root, "etc/passwd")).Single(l => l.StartsWith("pi-controller:", StringComparison.Ordinal));
        Assert.Contains(":/var/lib/pi-controller:/usr/sbin/nologin", user, StringComparison.Ordinal);
        Assert.Equal(user.Split(':')[2], (await InRoot(root, "stat -c %u /var/lib/pi-controller")).Ok("stat").Output.Trim());

        await RunInstalledHubAndAgentAsync(root);

        (await InRoot(root, "dpkg --purge pi-controller-agent pi-controller-hub")).Ok("dpkg --purge");
        var purged = Snapshot(root);
        var gone = before.Keys.Except(purged.Keys).ToList();
        Assert.True(gone.Count == 0, "purge removed files that were there before the install: " + string.Join(", ", gone));
        var leftovers = purged.Keys.Except(before.Keys).Where(p => !PolicyKeeps(p, purged[p])).ToList();
        Assert.True(leftovers.Count == 0, "left behind by purge: " + string.Join(", ", leftovers.Select(p => $"/{p} ({purged[p]})")));
        Assert.False(Directory.Exists(Path.Join(root, "var/lib/pi-controller")), "the hub's and the agent's state survived purge");
        // Debian keeps a system user after purge, so that files it may own elsewhere are never inherited by a new one.
        Assert.Contains(File.ReadAllLines(Path.Join(root, "etc/passwd")), l => l.StartsWith("pi-controller:", StringComparison.Ordinal));

        await FirstBootOfAPreseededImageAsync(work, root, agentDeb);
    }

    /// <summary>
    /// What a preseeded Pi does on its first boot, in this root: the firstrun.sh and install.sh scripts/preseed wrote
    /// into an image, run from /boot/firmware, with the package of this root's architecture beside them.
    /// </summary>
    private async Task FirstBootOfAPreseededImageAsync(TempDirectory work, string root, string agentDeb)
    {
        var image = await PiImage.CreateAsync(work.File("pi.img"));
        var token = "PIC1" + new string('d', 64) + "::firstb00t.s3cr3t";
        (await Run.Async(Repo.Script("preseed"), image.Path, "--hub", "https://hub.local:8443", "--token", token,
            "--deb", packages.Deb("pi-controller-agent", "arm64"), "--hostname", "pi-first")).Ok("scripts/preseed");
        var boot = Directory.CreateDirectory(Path.Join(root, "boot/firmware/pi-controller")).Parent!.FullName;
        await File.WriteAllBytesAsync(Path.Join(boot, "firstrun.sh"), await image.ReadAsync("firstrun.sh"));
        foreach (var file in new[] { "install.sh", "agent.conf" })
        {
            await File.WriteAllBytesAsync(Path.Join(boot, "pi-controller", file), await image.ReadAsync("pi-controller/" + file));
        }
        File.Copy(agentDeb, Path.Join(boot, "pi-controller", Path.GetFileName(agentDeb)));

        (await InRoot(root, "bash /boot/firmware/firstrun.sh")).Ok("firstrun.sh");
        var log = await File.ReadAllTextAsync(Path.Join(root, "var/log/pi-controller-preseed.log"));
        Assert.Contains("pi-controller-agent installed and enabled", log, StringComparison.Ordinal);
        Assert.Equal($"hub = https://hub.local:8443\ntoken = {token}\n",
            string.Join('\n', (await File.ReadAllLinesAsync(Path.Join(root, "etc/pi-controller/agent.conf"))).Where(l => !l.StartsWith('#'))) + "\n");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(root, "etc/pi-controller/agent.conf")));
        Assert.True(File.Exists(Path.Join(root, "usr/bin/pi-agent")), "firstrun.sh did not install the agent:\n" + log);
        Assert.NotNull(new FileInfo(Path.Join(root, "etc/systemd/system/multi-user.target.wants/pi-agent.service")).LinkTarget);
        Assert.Equal("pi-first", (await File.ReadAllTextAsync(Path.Join(root, "etc/hostname"))).Trim());
        Assert.False(Directory.Exists(Path.Join(boot, "pi-controller")), "the join token stayed on the boot partition");
    }

    /// <summary>The hub as its unit starts it (service user, ExecStart's arguments), and the agent from its conffile.</summary>
    private static async Task RunInstalledHubAndAgentAsync(string root)
    {
        var port = LoopbackPort.Free();
        using var hub = InRootRunning(root, $"exec setpriv --reuid=pi-controller --regid=pi-controller --init-groups /usr/bin/pi-controller serve --data-dir /var/lib/pi-controller --address 127.0.0.1 --port {port} --mdns off");
        await hub.WaitForLineAsync("listening on", TimeSpan.FromSeconds(60));
        using var client = new HubClient(new Uri($"https://127.0.0.1:{port}"), Path.Join(root, "var/lib/pi-controller"));
        await File.AppendAllTextAsync(Path.Join(root, "etc/pi-controller/agent.conf"),
            $"hub = https://127.0.0.1:{port}\ntoken = {client.JoinToken}\nboard = sim\nsim-serial = deb-amd64\nmdns = off\n");
        using var agent = InRootRunning(root, "exec /usr/bin/pi-agent");
        var node = await client.WaitForConnectedNodeAsync("deb-amd64", TimeSpan.FromSeconds(60), () => $"agent:\n{agent.Output}\nhub:\n{hub.Output}");
        Assert.Equal("linux-x64", node.GetProperty("architecture").GetString());
        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await hub.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.True(File.Exists(Path.Join(root, "var/lib/pi-controller/node.key")), "the agent keeps its key in the state directory");
    }

    private static bool PolicyKeeps(string path, string kind) =>
        path.StartsWith("var/lib/dpkg/", StringComparison.Ordinal)
        || path.StartsWith("var/log/", StringComparison.Ordinal)
        || path.StartsWith("var/cache/debconf/", StringComparison.Ordinal)
        || path is "etc/passwd-" or "etc/group-" or "etc/shadow-" or "etc/gshadow-"
        // deb-systemd-helper's own bookkeeping directories, emptied by purge.
        || (kind.StartsWith('d') && (path.StartsWith("var/lib/systemd", StringComparison.Ordinal) || path.StartsWith("etc/systemd/system", StringComparison.Ordinal)));

    /// <summary>Every path under the root (but the API file systems and apt's download caches) with its type and mode.</summary>
    private static Dictionary<string, string> Snapshot(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(DirectoryInfo directory)
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, entry.FullName);
                if (NotSnapshotted.Contains(relative))
                {
                    continue;
                }
                var mode = Convert.ToString((int)entry.UnixFileMode & 0xFFF, 8);
                if (entry.LinkTarget is { } target)
                {
                    result[relative] = "l " + target;
                }
                else if (entry is DirectoryInfo child)
                {
                    result[relative] = "d " + mode;
                    Walk(child);
                }
                else
                {
                    result[relative] = "f " + mode;
                }
            }
        }
        Walk(new DirectoryInfo(root));
        return result;
    }

    /// <summary>A shell command in the root, with /proc mounted in a mount namespace of its own (gone when it ends).</summary>
    private static Task<Run.Result> InRoot(string root, string command, (string Name, string Value)? variable = null, TimeSpan? timeout = null)
    {
        var environment = new Dictionary<string, string> { ["ROOT"] = root, ["COMMAND"] = command, ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" };
        if (variable is { } v)
        {
            environment[v.Name] = v.Value;
        }
        return Run.Async("unshare", ["-m", "--propagation", "private", "sh", "-c", "mount -t proc proc \"$ROOT/proc\" && exec chroot \"$ROOT\" /bin/sh -c \"$COMMAND\""],
            environment: environment, timeout: timeout ?? TimeSpan.FromMinutes(5));
    }

    private static TestProcess InRootRunning(string root, string command) =>
        TestProcess.Start("unshare", ["-m", "--propagation", "private", "sh", "-c", "mount -t proc proc \"$ROOT/proc\" && exec chroot \"$ROOT\" /bin/sh -c \"$COMMAND\""],
            new Dictionary<string, string> { ["ROOT"] = root, ["COMMAND"] = command, ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" });
}
