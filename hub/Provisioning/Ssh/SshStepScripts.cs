using System.Globalization;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// The pure builder: each <see cref="InstallStep"/> as the exact script that carries it out over SSH, idempotent as
/// the step is (unchanged when the node already is so). Tested as exact strings. Paths are quoted; contents and
/// secrets travel over stdin; every script ends by printing whether it changed the node.
/// </summary>
internal static class SshStepScripts
{
    private const string Changed = "echo " + SshStep.Changed;
    private const string Unchanged = "echo " + SshStep.Unchanged;

    public static SshStep For(InstallStep step, IReadOnlySet<string> changedPaths) => step switch
    {
        PlaceBinary b => new SshStep(Place(b.BinaryPath, b.Sha256, "0755", b.KeepPrevious ? b.PreviousPath : null), ArtifactSha256: b.Sha256),
        RestorePreviousBinary r => new SshStep(Restore(r.BinaryPath, r.PreviousPath, r.Sha256)),
        PlaceImages i => new SshStep(Place(i.ImagesPath, i.Sha256, "0644", null), ArtifactSha256: i.Sha256),
        Symlink l => new SshStep(Link(l.LinkPath, l.Target)),
        WriteFile f => new SshStep(Write(f.FilePath, InstallStepText.Mode(f.Mode), f.OnlyIfAbsent), Content: f.Content),
        DaemonReload => new SshStep($"systemctl daemon-reload\n{Changed}"),
        RestartIfChanged r => r.IsDue(changedPaths) ? new SshStep($"systemctl restart {ShellText.Quote(r.Unit)}\n{Changed}") : SshStep.Nothing,
        EnableNow e => new SshStep(EnableNow(ShellText.Quote(e.Unit))),
        _ => SshUninstallScripts.For(step),
    };

    /// <summary>The probe before a placement: the sha256 of the node's file, or nothing when there is none (so a placed file is not sent again).</summary>
    public static string HashOf(string path) =>
        $"if [ -f {ShellText.Quote(path)} ]; then sha256sum {ShellText.Quote(path)} | cut -d' ' -f1; fi";

    /// <summary>Receives the artifact on stdin into a temporary file beside the target, checks its sha256 on the node, keeps the previous file as a hard link, then renames it into place.</summary>
    private static string Place(string path, string sha256, string mode, string? previous)
    {
        var target = ShellText.Quote(path);
        var lines = new List<string>
        {
            "set -e",
            $"mkdir -p {ShellText.Quote(Path.GetDirectoryName(path)!)}",
            $"tmp=$(mktemp {ShellText.Quote(TempPattern(path))})",
            "trap 'rm -f \"$tmp\"' EXIT",
            "cat > \"$tmp\"",
            $"echo \"{sha256}  $tmp\" | sha256sum -c --status - || {{ echo \"the copy of {Path.GetFileName(path)} that arrived does not have sha256 {sha256}\" >&2; exit 1; }}",
            $"chmod {mode} \"$tmp\"",
        };
        if (previous is not null)
        {
            lines.Add($"if [ -f {target} ]; then ln -f {target} {ShellText.Quote(previous)}; fi");
        }
        lines.Add($"mv -f \"$tmp\" {target}");
        lines.Add("trap - EXIT");
        lines.Add(Changed);
        return string.Join('\n', lines);
    }

    /// <summary>Exchanges the binary and its kept previous one: the previous is copied beside the binary, the binary becomes the previous (a hard link), then the copy is renamed into place.</summary>
    private static string Restore(string path, string previous, string? sha256)
    {
        var target = ShellText.Quote(path);
        var kept = ShellText.Quote(previous);
        var lines = new List<string> { "set -e" };
        if (sha256 is not null)
        {
            lines.Add($"if [ -f {target} ] && [ \"$(sha256sum {target} | cut -d' ' -f1)\" = {ShellText.Quote(sha256)} ]; then {Unchanged}; exit 0; fi");
        }
        lines.Add($"[ -f {kept} ] || {{ echo \"there is no {previous} on this node: nothing to roll back to (it is kept when an upgrade replaces the binary)\" >&2; exit 1; }}");
        if (sha256 is not null)
        {
            lines.Add($"[ \"$(sha256sum {kept} | cut -d' ' -f1)\" = {ShellText.Quote(sha256)} ] || {{ echo \"{previous} is not the release rolled back to (another sha256); nothing was changed\" >&2; exit 1; }}");
        }
        lines.Add($"tmp=$(mktemp {ShellText.Quote(TempPattern(path))})");
        lines.Add("trap 'rm -f \"$tmp\"' EXIT");
        lines.Add($"cp {kept} \"$tmp\"");
        lines.Add("chmod 0755 \"$tmp\"");
        lines.Add($"if [ -f {target} ]; then ln -f {target} {kept}; fi");
        lines.Add($"mv -f \"$tmp\" {target}");
        lines.Add("trap - EXIT");
        lines.Add(Changed);
        return string.Join('\n', lines);
    }

    private static string Link(string path, string target)
    {
        var link = ShellText.Quote(path);
        var to = ShellText.Quote(target);
        return $"""
            if [ -L {link} ] && [ "$(readlink {link})" = {to} ]; then {Unchanged}
            elif [ -e {link} ] || [ -L {link} ]; then echo "{path} exists and is not a link to {target}: left alone" >&2; {Unchanged}
            else mkdir -p {ShellText.Quote(Path.GetDirectoryName(path)!)} && ln -s {to} {link} && {Changed}
            fi
            """;
    }

    /// <summary>Reads the content from stdin into a temporary file first, so comparing and replacing happen on the node in one round trip.</summary>
    private static string Write(string path, string mode, bool onlyIfAbsent)
    {
        var target = ShellText.Quote(path);
        var numeric = int.Parse(mode, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "set -e",
            $"mkdir -p {ShellText.Quote(Path.GetDirectoryName(path)!)}",
            "umask 077",
            $"tmp=$(mktemp {ShellText.Quote(TempPattern(path))})",
            "trap 'rm -f \"$tmp\"' EXIT",
            "cat > \"$tmp\"",
            onlyIfAbsent
                ? $"if [ -e {target} ]; then {Unchanged}; exit 0; fi"
                : $"if [ -f {target} ] && [ \"$(stat -c %a {target})\" = {numeric} ] && cmp -s \"$tmp\" {target}; then {Unchanged}; exit 0; fi",
            $"chmod {mode} \"$tmp\"",
            $"mv -f \"$tmp\" {target}",
            "trap - EXIT",
            Changed,
        };
        return string.Join('\n', lines);
    }

    private static string EnableNow(string unit) =>
        $"if systemctl is-enabled --quiet {unit} && systemctl is-active --quiet {unit}; then {Unchanged}; else systemctl enable --now {unit} && {Changed}; fi";

    private static string TempPattern(string path) => $"{Path.GetDirectoryName(path)}/.{Path.GetFileName(path)}.pi-controller.XXXXXX";
}
