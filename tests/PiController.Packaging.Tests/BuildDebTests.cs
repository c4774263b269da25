
namespace PiController.Packaging.Tests;

/// <summary>scripts/build-deb, and what a Debian maintainer would check in its output: contents, lintian, unit files.</summary>
[Collection(PackagesCollection.Name)]
public sealed partial class BuildDebTests(PackagesFixture packages)
{
    [PackagingFact]
    public async Task The_agent_package_for_each_architecture_holds_its_binary_unit_and_conffile()
    {
        packages.AgentBuild!.Ok("scripts/build-deb --package agent");
        foreach (var (architecture, machine) in new[] { ("amd64", (ushort)0x3E), ("arm64", (ushort)0xB7) })
        {
            var deb = packages.Deb("pi-controller-agent", architecture);
            var control = (await Run.Async("dpkg-deb", "-f", deb)).Ok("dpkg-deb -f").Output;
            Assert.Contains($"Architecture: {architecture}\n", control, StringComparison.Ordinal);
            Assert.Matches(@"Depends: libc6 \(>= 2\.\d+\), zlib1g, libssl3 \| libssl3t64, libgpiod2 \| libgpiod3\n", control);

            var listing = (await Run.Async("dpkg-deb", "-c", deb)).Ok("dpkg-deb -c").Output;
            Assert.Matches(@"-rwxr-xr-x root/root +\d+ .* \./usr/bin/pi-agent\n", listing);
            Assert.Matches(@"-rw-r--r-- root/root +\d+ .* \./lib/systemd/system/pi-agent\.service\n", listing);
            Assert.Matches(@"-rw------- root/root +\d+ .* \./etc/pi-controller/agent\.conf\n", listing);
            Assert.Contains("./usr/share/man/man8/pi-agent.8.gz", listing, StringComparison.Ordinal);
            Assert.Contains("./usr/share/doc/pi-controller-agent/copyright", listing, StringComparison.Ordinal);

            var conffiles = (await Run.Async("dpkg-deb", "--info", deb, "conffiles")).Ok("conffiles").Output;
            Assert.Equal("/etc/pi-controller/agent.conf\n", conffiles);
            var root = await packages.ExtractAsync(deb);
            Assert.Equal(machine, ElfMachine(Path.Join(root, "usr/bin/pi-agent")));
            // The binary in the package is the one scripts/test published, byte for byte.
            Assert.Equal(await File.ReadAllBytesAsync(Repo.Published("pi-agent", architecture == "amd64" ? "linux-x64" : "linux-arm64")),
                await File.ReadAllBytesAsync(Path.Join(root, "usr/bin/pi-agent")));
            var unit = await File.ReadAllTextAsync(Path.Join(root, "lib/systemd/system/pi-agent.service"));
            Assert.Contains("Type=notify\n", unit, StringComparison.Ordinal);
        }
    }

    [PackagingFact]
    public async Task The_hub_package_holds_its_binary_sqlite_unit_and_the_agent_packages_it_serves()
    {
        packages.HubBuild!.Ok("scripts/build-deb --package hub");
        var deb = packages.Deb("pi-controller-hub", "amd64");
        var control = (await Run.Async("dpkg-deb", "-f", deb)).Ok("dpkg-deb -f").Output;
        Assert.Matches(@"Depends: libc6 \(>= 2\.\d+\), zlib1g, libssl3 \| libssl3t64, adduser\n", control);
        var listing = (await Run.Async("dpkg-deb", "-c", deb)).Ok("dpkg-deb -c").Output;
        Assert.Matches(@"-rwxr-xr-x root/root +\d+ .* \./usr/lib/pi-controller/pi-controller\n", listing);
        Assert.Matches(@"-rw-r--r-- root/root +\d+ .* \./usr/lib/pi-controller/libe_sqlite3\.so\n", listing);
        Assert.Contains("./usr/bin/pi-controller -> ../lib/pi-controller/pi-controller", listing, StringComparison.Ordinal);
        Assert.Contains("./lib/systemd/system/pi-controller.service", listing, StringComparison.Ordinal);
        Assert.Contains("./etc/pi-controller/hub.env", listing, StringComparison.Ordinal);
        // The manual pages the hub wrote from its command tree: the root's and one per verb.
        Assert.Matches(@"-rw-r--r-- root/root +\d+ .* \./usr/share/man/man1/pi-controller\.1\.gz\n", listing);
        Assert.Contains("./usr/share/man/man1/pi-controller-nodes-ls.1.gz", listing, StringComparison.Ordinal);
        Assert.Contains("./usr/share/man/man1/pi-controller-config-use-context.1.gz", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("man8/pi-controller", listing, StringComparison.Ordinal);
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            var bundled = Path.Join(await packages.ExtractAsync(deb), "usr/share/pi-controller/packages", $"pi-controller-agent_{packages.Version}_{architecture}.deb");
            Assert.Equal(await File.ReadAllBytesAsync(packages.Deb("pi-controller-agent", architecture)), await File.ReadAllBytesAsync(bundled));
        }
    }

    [PackagingFact("lintian")]
    public async Task Lintian_finds_no_error_and_every_warning_left_is_overridden_with_its_reason()
    {
        var debs = Directory.GetFiles(packages.Directory, "*.deb").Order(StringComparer.Ordinal).ToArray();
        Assert.True(debs.Length >= 3, "expected the agent for two architectures and the hub");
        // --show-overrides makes lintian exit non-zero for the overridden tags it shows, so the verdict is read from
        // the tags: no E: and no W: line; what is overridden is shown as O: with its reason (N:).
        var lintian = await Run.Async("lintian", ["--display-info", "--show-overrides", .. debs], timeout: TimeSpan.FromMinutes(10));
        var tags = lintian.Output.Split('\n').Where(l => l.Length > 2 && l[1] == ':').ToList();
        Assert.True(tags.Count > 0 && !tags.Any(t => t.StartsWith("E:", StringComparison.Ordinal) || t.StartsWith("W:", StringComparison.Ordinal)),
            "lintian reports errors or warnings:\n" + lintian.All);
        // Overridden tags are reported as O:; each must be one the packaging files justify.
        foreach (var overrides in Directory.GetFiles(Path.Join(Repo.Root, "packaging", "deb"), "lintian-overrides", SearchOption.AllDirectories))
        {
            var lines = await File.ReadAllLinesAsync(overrides);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > 0 && !lines[i].StartsWith('#'))
                {
                    Assert.True(i > 0 && lines[i - 1].StartsWith('#'), $"{overrides}:{i + 1}: an override without a comment above it that gives the reason");
                }
            }
        }
        Assert.All(tags.Where(t => t.StartsWith("O:", StringComparison.Ordinal)), t => Assert.Contains("non-standard-file-perm", t, StringComparison.Ordinal));
    }

    [PackagingFact("systemd-analyze", "unshare", Root = true)]
    public async Task Systemd_analyze_verify_is_clean_for_both_units()
    {
        foreach (var (deb, unit) in new[] { (packages.Deb("pi-controller-agent", "amd64"), "pi-agent.service"), (packages.Deb("pi-controller-hub", "amd64"), "pi-controller.service") })
        {
            var root = await packages.ExtractAsync(deb);
            // verify checks that ExecStart and the man page of Documentation= exist: lay the package's /usr over the
            // real one, in a mount namespace of this command alone.
            var verify = await Run.Async("unshare", "-m", "--propagation", "private", "sh", "-c",
                $"mount -t overlay overlay -o lowerdir={root}/usr:/usr /usr && exec systemd-analyze verify {root}/lib/systemd/system/{unit}");
            Assert.True(verify.ExitCode == 0 && verify.All.Trim().Length == 0, $"systemd-analyze verify {unit}:\n{verify.All}");
        }
    }

    private static ushort ElfMachine(string path)
    {
        var header = new byte[20];
        using var file = File.OpenRead(path);
        file.ReadExactly(header);
        Assert.Equal("\u007fELF", System.Text.Encoding.ASCII.GetString(header, 0, 4));
        return BitConverter.ToUInt16(header, 18);
    }
}
