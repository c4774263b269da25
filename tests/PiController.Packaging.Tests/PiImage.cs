using System.Globalization;
using System.Security.Cryptography;

namespace PiController.Packaging.Tests;

/// <summary>
/// A small synthetic disk image laid out like Raspberry Pi OS: an MBR, a FAT32 boot partition at sector 8192 with
/// the files Raspberry Pi OS puts there, and an ext4 root partition. Built without root or loop devices (sfdisk,
/// mkfs with an offset, mtools), the way scripts/preseed reads and writes it.
/// </summary>
internal sealed class PiImage
{
    public const long BootStart = 8192;
    public const long BootSectors = 81920;
    public const long RootStart = BootStart + BootSectors;
    private const long Sectors = RootStart + 57344;

    public const string Cmdline = "console=serial0,115200 console=tty1 root=PARTUUID=5e3da8f1-02 rootfstype=ext4 fsck.repair=yes rootwait quiet init=/usr/lib/raspberrypi-sys-mods/firstboot";

    private PiImage(string path) => Path = path;

    public string Path { get; }

    private string Fat => $"{Path}@@{BootStart * 512}";

    private static readonly Dictionary<string, string> Mtools = new() { ["MTOOLS_SKIP_CHECK"] = "1" };

    /// <summary>A bookworm-style image; with <paramref name="cloudInit"/>, one that seeds cloud-init from the boot partition.</summary>
    public static async Task<PiImage> CreateAsync(string path, bool cloudInit = false, IDictionary<string, string>? extraFiles = null)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["config.txt"] = "# For more options and information see\n# http://rptl.io/configtxt\ndtparam=audio=on\narm_64bit=1\n",
            ["cmdline.txt"] = Cmdline + "\n",
            ["start4.elf"] = "firmware",
            ["bcm2711-rpi-4-b.dtb"] = "device tree",
            ["kernel8.img"] = "kernel",
            ["issue.txt"] = "Raspberry Pi reference 2024-11-19\n",
        };
        if (cloudInit)
        {
            files["user-data"] = "#cloud-config\n# This is the user-data configuration file for cloud-init.\nusers:\n- name: pi\n  groups: users,adm,sudo,gpio\n  shell: /bin/bash\n";
            files["meta-data"] = "instance_id: rpios-image\n";
            files["network-config"] = "# This file contains a netplan-compatible configuration which cloud-init will apply.\n# Uncomment to configure Wi-Fi:\n#network:\n#  version: 2\n";
        }
        foreach (var (name, content) in extraFiles ?? new Dictionary<string, string>())
        {
            files[name] = content;
        }
        return await CreateAsync(path, files, fatType: "c");
    }

    /// <summary>An image with a FAT partition that is not a Raspberry Pi's (an EFI system partition).</summary>
    public static Task<PiImage> CreateNotAPiAsync(string path) =>
        CreateAsync(path, new Dictionary<string, string> { ["EFI/BOOT/BOOTX64.EFI"] = "MZ", ["EFI/debian/grub.cfg"] = "search --file /boot/grub\n" }, fatType: "ef");

    private static async Task<PiImage> CreateAsync(string path, IDictionary<string, string> files, string fatType)
    {
        await using (var file = File.Create(path))
        {
            file.SetLength(Sectors * 512);
        }
        var table = $"label: dos\nlabel-id: 0x5e3da8f1\nstart={BootStart}, size={BootSectors}, type={fatType}\nstart={RootStart}, type=83\n";
        var layout = System.IO.Path.ChangeExtension(path, ".sfdisk");
        await File.WriteAllTextAsync(layout, table);
        (await Run.Async("sh", "-c", $"sfdisk -q '{path}' < '{layout}'")).Ok("sfdisk");
        (await Run.Async("mkfs.vfat", "-F", "32", "-s", "1", "-n", "bootfs", $"--offset={BootStart}", path, (BootSectors / 2).ToString(CultureInfo.InvariantCulture))).Ok("mkfs.vfat");
        (await Run.Async("mkfs.ext4", "-q", "-F", "-L", "rootfs", "-E", $"offset={RootStart * 512}", path, $"{(Sectors - RootStart) / 2}k")).Ok("mkfs.ext4");
        var image = new PiImage(path);
        var staging = Directory.CreateDirectory(path + ".files").FullName;
        foreach (var (name, content) in files)
        {
            var local = System.IO.Path.Join(staging, name.Replace('/', '_'));
            await File.WriteAllTextAsync(local, content);
            var directory = System.IO.Path.GetDirectoryName(name);
            if (!string.IsNullOrEmpty(directory))
            {
                await Run.Async("mmd", ["-D", "s", "-i", image.Fat, "::/" + directory.Split('/')[0]], environment: Mtools);
                await Run.Async("mmd", ["-D", "s", "-i", image.Fat, "::/" + directory], environment: Mtools);
            }
            (await Run.Async("mcopy", ["-i", image.Fat, local, "::/" + name], environment: Mtools)).Ok("mcopy " + name);
        }
        return image;
    }

    /// <summary>The files of the boot partition, one "::/path" per line.</summary>
    public async Task<IReadOnlyList<string>> ListAsync()
    {
        var listing = (await Run.Async("mdir", ["-b", "-/", "-i", Fat, "::/"], environment: Mtools)).Ok("mdir").Output;
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())];
    }

    public async Task<byte[]> ReadAsync(string name)
    {
        var local = Path + ".read";
        File.Delete(local);
        (await Run.Async("mcopy", ["-n", "-i", Fat, "::/" + name, local], environment: Mtools)).Ok("mcopy ::/" + name);
        return await File.ReadAllBytesAsync(local);
    }

    public async Task<string> ReadTextAsync(string name) => System.Text.Encoding.UTF8.GetString(await ReadAsync(name));

    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path)));

    /// <summary>The image's bytes outside the boot partition (the MBR, the gap, the root partition), hashed.</summary>
    public string OutsideBootSha256()
    {
        var bytes = File.ReadAllBytes(Path);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(bytes, 0, (int)(BootStart * 512));
        sha.AppendData(bytes, (int)(RootStart * 512), bytes.Length - (int)(RootStart * 512));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
