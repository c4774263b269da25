using System.Globalization;
using System.Text;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// A step as a dry-run prints it: what it does, exactly (files with their mode and content, commands as they run),
/// with every secret masked (<see cref="FileContent.Masked"/>). Content lines are indented with "    | " so a file's
/// blank lines and trailing spaces stay visible.
/// </summary>
internal static class InstallStepText
{
    public static string Render(IEnumerable<InstallStep> steps)
    {
        var text = new StringBuilder();
        var number = 0;
        foreach (var step in steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++number,2}. {Render(step)}\n");
        }
        return text.ToString();
    }

    public static string Render(InstallStep step) => step switch
    {
        PlaceBinary b => $"place {b.BinaryPath} (0755 root:root, sha256 {b.Sha256})" +
            (b.KeepPrevious ? $"; a different binary already there is kept as {b.PreviousPath}" : ""),
        RestorePreviousBinary r => $"put {r.PreviousPath} back as {r.BinaryPath}" + (r.Sha256 is null ? "" : $" (sha256 {r.Sha256})") +
            $"; the binary it replaces becomes {r.PreviousPath}",
        PlaceImages i => $"place {i.ImagesPath} (0644 root:root, sha256 {i.Sha256})",
        Symlink l => $"link {l.LinkPath} -> {l.Target}",
        WriteFile f => $"write {f.FilePath} ({Mode(f.Mode)} root:root{(f.OnlyIfAbsent ? ", only if absent" : "")})\n" + Content(f.Content),
        DaemonReload => "systemctl daemon-reload",
        RestartIfChanged r => $"systemctl restart {r.Unit}, only if one of these changed: {string.Join(", ", r.Watched)}",
        EnableNow e => $"systemctl enable --now {e.Unit}",
        DisableNow d => $"systemctl disable --now {d.Unit}; systemctl reset-failed {d.Unit}",
        KillContainerShims k => $"kill the containerd-shim processes of {k.DataDirectory}/data/*/bin and their children",
        UnmountUnder u => $"unmount and remove every mount under {u.Prefix}",
        DeleteNetworkNamespaces n => $"delete the network namespaces {n.Prefix}*",
        DeleteBridgePorts p => $"delete the interfaces attached to {p.Bridge}",
        DeleteNetworkInterface i => $"delete the network interface {i.Name}",
        RemoveFirewallRules r => $"remove the iptables and ip6tables rules matching {string.Join(", ", r.Markers)}",
        RemoveFile f => $"remove {f.FilePath}{(f.OnlySymlink ? " (if a symbolic link)" : "")}",
        RemoveDirectory d => $"remove {d.DirectoryPath}/",
        _ => throw new ArgumentException($"no text for {step.GetType().Name}", nameof(step)),
    };

    public static string Mode(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static string Content(FileContent content)
    {
        var lines = content.Masked.Split('\n');
        var count = content.Masked.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        return string.Join('\n', lines.Take(count).Select(l => "    | " + l).Select(l => l == "    | " ? "    |" : l));
    }
}
