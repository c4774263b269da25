namespace PiController.Packaging.Tests;

/// <summary>scripts/preseed on small synthetic Raspberry Pi OS images, run as an unprivileged user when the tests run as root.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PreseedTests(PackagesFixture packages)
{
    private const string Hub = "https://hub.local:8443";
    private static readonly string Token = "PIC1" + new string('c', 64) + "::k3y1d.s3cr3tpart";
    private const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG1hZGUtdXAta2V5LWZvci10ZXN0cy1vbmx5LTAwMDA0 owner@laptop";

    [PackagingFact("sfdisk", "mkfs.vfat", "mkfs.ext4", "mcopy")]
    public async Task A_bookworm_image_gets_the_agent_its_config_and_the_firstrun_hook_in_its_boot_partition()
    {
        using var work = Workspace();
        var image = await PiImage.CreateAsync(work.File("pi.img"));
        var outside = image.OutsideBootSha256();
        var configTxt = await image.ReadTextAsync("config.txt");

        var result = (await Preseed(work, image, "--hostname", "pi-rack-7", "--wifi-ssid", "Shed \"net\"", "--wifi-password", "it's a secret", "--wifi-country", "DE", "--ssh-key", work.File("id.pub"))).Ok("scripts/preseed");
        Assert.Contains("(firstrun)", result.Output, StringComparison.Ordinal);

        var files = await image.ListAsync();
        var deb = Path.GetFileName(packages.Deb("pi-controller-agent", "arm64"));
        foreach (var expected in new[] { "::/firstrun.sh", "::/pi-controller/agent.conf", "::/pi-controller/install.sh", "::/pi-controller/" + deb })
        {
            Assert.Contains(expected, files);
        }
        Assert.Equal(await File.ReadAllBytesAsync(packages.Deb("pi-controller-agent", "arm64")), await image.ReadAsync("pi-controller/" + deb));
        Assert.Equal($"hub = {Hub}\ntoken = {Token}\n", string.Join('\n', (await image.ReadTextAsync("pi-controller/agent.conf")).Split('\n').Where(l => !l.StartsWith('#'))));

        var firstrun = await image.ReadTextAsync("firstrun.sh");
        Assert.StartsWith("#!/bin/bash\n", firstrun, StringComparison.Ordinal);
        Assert.Contains("imager_custom set_hostname pi-rack-7\n", firstrun, StringComparison.Ordinal);
        Assert.Contains($"imager_custom enable_ssh -k '{SshKey}'\n", firstrun, StringComparison.Ordinal);
        Assert.Contains("imager_custom set_wlan 'Shed \"net\"' 'it'\\''s a secret' 'DE'\n", firstrun, StringComparison.Ordinal);
        Assert.Contains("sh \"$d/pi-controller/install.sh\"", firstrun, StringComparison.Ordinal);
        Assert.EndsWith("rm -f /boot/firstrun.sh\nsed -i 's| systemd.run.*||g' /boot/cmdline.txt\nexit 0\n", firstrun, StringComparison.Ordinal);
        await SyntaxCheck(work, "bash", firstrun);
        await SyntaxCheck(work, "sh", await image.ReadTextAsync("pi-controller/install.sh"));

        Assert.Equal(PiImage.Cmdline + " systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target\n",
            await image.ReadTextAsync("cmdline.txt"));
        Assert.Equal(configTxt, await image.ReadTextAsync("config.txt"));
        Assert.Equal(outside, image.OutsideBootSha256());
    }

    [PackagingFact("sfdisk", "mkfs.vfat", "mkfs.ext4", "mcopy")]
    public async Task A_second_run_with_the_same_arguments_changes_nothing()
    {
        using var work = Workspace();
        foreach (var cloudInit in new[] { false, true })
        {
            var image = await PiImage.CreateAsync(work.File($"pi-{cloudInit}.img"), cloudInit);
            (await Preseed(work, image, "--hostname", "pi-2", "--wifi-ssid", "Shed", "--wifi-password", "12345678")).Ok("first run");
            var once = image.Sha256();
            var again = (await Preseed(work, image, "--hostname", "pi-2", "--wifi-ssid", "Shed", "--wifi-password", "12345678")).Ok("second run");
            Assert.Contains("Nothing changed", again.Output, StringComparison.Ordinal);
            Assert.Equal(once, image.Sha256());
        }
    }

    [PackagingFact("sfdisk", "mkfs.vfat", "mkfs.ext4", "mcopy")]
    public async Task A_cloud_init_image_gets_a_runcmd_entry_and_network_config_instead_of_a_firstrun_hook()
    {
        using var work = Workspace();
        var image = await PiImage.CreateAsync(work.File("trixie.img"), cloudInit: true);
        var result = (await Preseed(work, image, "--hostname", "pi-9", "--ssh-key", work.File("id.pub"), "--wifi-ssid", "Shed", "--wifi-password", "12345678")).Ok("scripts/preseed");
        Assert.Contains("(cloud-init)", result.Output, StringComparison.Ordinal);

        var files = await image.ListAsync();
        Assert.DoesNotContain("::/firstrun.sh", files);
        Assert.Equal(PiImage.Cmdline + "\n", await image.ReadTextAsync("cmdline.txt"));
        var userData = await image.ReadTextAsync("user-data");
        Assert.StartsWith("#cloud-config\n# This is the user-data configuration file for cloud-init.\nusers:\n- name: pi\n", userData, StringComparison.Ordinal);
        Assert.Contains("\nhostname: pi-9\n", userData, StringComparison.Ordinal);
        Assert.Contains($"\nssh_authorized_keys:\n  - {SshKey}\n", userData, StringComparison.Ordinal);
        Assert.Contains("\nruncmd:\n  - [ sh, -c, 'for d in /boot/firmware /boot; do if [ -f $d/pi-controller/install.sh ]; then sh $d/pi-controller/install.sh; break; fi; done' ]\n", userData, StringComparison.Ordinal);
        var network = await image.ReadTextAsync("network-config");
        Assert.Contains("  wifis:\n    wlan0:\n", network, StringComparison.Ordinal);
        Assert.Contains("        \"Shed\":\n          password: \"12345678\"\n", network, StringComparison.Ordinal);
        Assert.Contains("::/pi-controller/agent.conf", files);
    }

    [PackagingFact("sfdisk", "mkfs.vfat", "mkfs.ext4", "mcopy")]
    public async Task An_existing_runcmd_and_an_Imager_firstrun_keep_their_own_steps()
    {
        using var work = Workspace();
        var cloud = await PiImage.CreateAsync(work.File("cloud.img"), cloudInit: true, new Dictionary<string, string>
        {
            ["user-data"] = "#cloud-config\nruncmd:\n  - [ rfkill, unblock, wifi ]\n",
        });
        (await Preseed(work, cloud)).Ok("scripts/preseed (cloud-init)");
        var userData = await cloud.ReadTextAsync("user-data");
        Assert.Matches(@"^#cloud-config\nruncmd:\n  - \[ sh, -c, .*install\.sh.*\]  # pi-controller \(scripts/preseed\)\n  - \[ rfkill, unblock, wifi \]\n$", userData);

        var imager = "#!/bin/bash\n\nset +e\n\n/usr/lib/raspberrypi-sys-mods/imager_custom set_timezone 'Europe/Berlin'\nrm -f /boot/firstrun.sh\nsed -i 's| systemd.run.*||g' /boot/cmdline.txt\nexit 0\n";
        var hooked = PiImage.Cmdline + " systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target\n";
        var bookworm = await PiImage.CreateAsync(work.File("imager.img"), extraFiles: new Dictionary<string, string> { ["firstrun.sh"] = imager, ["cmdline.txt"] = hooked });
        (await Preseed(work, bookworm)).Ok("scripts/preseed (Imager firstrun.sh)");
        var firstrun = await bookworm.ReadTextAsync("firstrun.sh");
        Assert.StartsWith("#!/bin/bash\n\nset +e\n\n/usr/lib/raspberrypi-sys-mods/imager_custom set_timezone 'Europe/Berlin'\n# >>> pi-controller (scripts/preseed) >>>\n", firstrun, StringComparison.Ordinal);
        Assert.EndsWith("# <<< pi-controller (scripts/preseed) <<<\nrm -f /boot/firstrun.sh\nsed -i 's| systemd.run.*||g' /boot/cmdline.txt\nexit 0\n", firstrun, StringComparison.Ordinal);
        Assert.Equal(hooked, await bookworm.ReadTextAsync("cmdline.txt"));
    }

    [PackagingFact("sfdisk", "mkfs.vfat", "mkfs.ext4", "mcopy")]
    public async Task An_image_that_is_not_Raspberry_Pi_OS_is_refused_and_left_as_it_was()
    {
        using var work = Workspace();
        var efi = await PiImage.CreateNotAPiAsync(work.File("efi.img"));
        var before = efi.Sha256();
        var refused = await Preseed(work, efi);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not a Raspberry Pi OS image", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, efi.Sha256());

        var blank = work.File("blank.img");
        await using (var file = File.Create(blank))
        {
            file.SetLength(16 << 20);
        }
        File.SetUnixFileMode(blank, (UnixFileMode)0x1B6);
        var noTable = await Run.Async(Repo.Script("preseed"), [blank, "--hub", Hub, "--token", Token, "--deb", work.File("agent.deb")]);
        Assert.Equal(1, noTable.ExitCode);
        Assert.Contains("has no partition table: not a Raspberry Pi OS image", noTable.Error, StringComparison.Ordinal);
        Assert.All(await File.ReadAllBytesAsync(blank), b => Assert.Equal(0, b));
    }

    /// <summary>A directory any user may use, with the arm64 agent package and an SSH public key in it.</summary>
    private TempDirectory Workspace()
    {
        var work = new TempDirectory();
        File.SetUnixFileMode(work.Path, (UnixFileMode)0x1FF);
        File.Copy(packages.Deb("pi-controller-agent", "arm64"), work.File(Path.GetFileName(packages.Deb("pi-controller-agent", "arm64"))));
        File.Copy(packages.Deb("pi-controller-agent", "arm64"), work.File("agent.deb"));
        File.WriteAllText(work.File("id.pub"), SshKey + "\n");
        foreach (var file in Directory.GetFiles(work.Path))
        {
            File.SetUnixFileMode(file, (UnixFileMode)0x1A4);
        }
        return work;
    }

    /// <summary>scripts/preseed on the image; as the unprivileged user nobody when the tests run as root (it must not need root).</summary>
    private async Task<Run.Result> Preseed(TempDirectory work, PiImage image, params string[] options)
    {
        File.SetUnixFileMode(image.Path, (UnixFileMode)0x1B6);
        string[] arguments = [Repo.Script("preseed"), image.Path, "--hub", Hub, "--token", Token, "--deb", work.File(Path.GetFileName(packages.Deb("pi-controller-agent", "arm64"))), .. options];
        return Repo.IsRoot && Repo.Tool("setpriv") is { } setpriv
            ? await Run.Async(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", .. arguments], environment: new Dictionary<string, string> { ["HOME"] = work.Path })
            : await Run.Async(arguments[0], arguments[1..]);
    }

    private static async Task SyntaxCheck(TempDirectory work, string shell, string script)
    {
        var path = work.File("check-" + shell);
        await File.WriteAllTextAsync(path, script);
        (await Run.Async(shell, "-n", path)).Ok($"{shell} -n");
    }
}
