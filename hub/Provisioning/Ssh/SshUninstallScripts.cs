using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>The uninstall steps as exact scripts, the way k3s-killall.sh and k3s-uninstall.sh do them; each reports whether it changed the node.</summary>
internal static class SshUninstallScripts
{
    private const string Changed = "echo " + SshStep.Changed;
    private const string Unchanged = "echo " + SshStep.Unchanged;

    public static SshStep For(InstallStep step) => new(step switch
    {
        DisableNow d => DisableNow(ShellText.Quote(d.Unit)),
        KillContainerShims k => KillShims(k.DataDirectory),
        UnmountUnder u => Unmount(u.Prefix),
        DeleteNetworkNamespaces n => $"""
            found=$(ip netns list 2>/dev/null | awk '{"{"}print $1{"}"}' | grep '^{n.Prefix}' || true)
            if [ -z "$found" ]; then {Unchanged}; exit 0; fi
            for ns in $found; do ip netns delete "$ns"; done
            {Changed}
            """,
        DeleteBridgePorts p => $"""
            ports=$(ip -o link show master {ShellText.Quote(p.Bridge)} 2>/dev/null | awk -F': ' '{"{"}print $2{"}"}' | sed -e 's/@.*//')
            if [ -z "$ports" ]; then {Unchanged}; exit 0; fi
            for port in $ports; do ip link delete "$port"; done
            {Changed}
            """,
        DeleteNetworkInterface i => $"if ip link show {ShellText.Quote(i.Name)} >/dev/null 2>&1; then ip link delete {ShellText.Quote(i.Name)} && {Changed}; else {Unchanged}; fi",
        RemoveFirewallRules r => FirewallRules(r.Markers),
        RemoveFile { OnlySymlink: true } f => $"""
            if [ -L {ShellText.Quote(f.FilePath)} ]; then rm -f {ShellText.Quote(f.FilePath)} && {Changed}
            elif [ -e {ShellText.Quote(f.FilePath)} ]; then echo "{f.FilePath} is not a symbolic link: left alone" >&2; {Unchanged}
            else {Unchanged}
            fi
            """,
        RemoveFile f => $"if [ -e {ShellText.Quote(f.FilePath)} ] || [ -L {ShellText.Quote(f.FilePath)} ]; then rm -f {ShellText.Quote(f.FilePath)} && {Changed}; else {Unchanged}; fi",
        RemoveDirectory d => $"if [ -e {ShellText.Quote(d.DirectoryPath)} ]; then rm -rf --one-file-system {ShellText.Quote(d.DirectoryPath)} && {Changed}; else {Unchanged}; fi",
        _ => throw new ArgumentException($"no SSH script for {step.GetType().Name}", nameof(step)),
    });

    private static string DisableNow(string unit) => $"""
        if [ "$(systemctl show -p LoadState --value {unit})" != loaded ]; then {Unchanged}; exit 0; fi
        systemctl disable --now {unit}
        systemctl reset-failed {unit} 2>/dev/null || true
        {Changed}
        """;

    /// <summary>The shims started from DATA/data/*/bin, each with its process tree, children first (k3s-killall.sh's killtree).</summary>
    private static string KillShims(string dataDirectory) => $$"""
        tree() { for child in $(pgrep -P "$1"); do tree "$child"; done; echo "$1"; }
        shims=$(ps -e -o pid= -o args= | awk '$2 ~ "^{{dataDirectory}}/data/[^/]+/bin/containerd-shim" {print $1}')
        if [ -z "$shims" ]; then {{Unchanged}}; exit 0; fi
        for pid in $(for shim in $shims; do tree "$shim"; done); do kill -9 "$pid" 2>/dev/null || true; done
        {{Changed}}
        """;

    /// <summary>Deepest first, lazily (a busy mount does not block the uninstall), then the mount points themselves.</summary>
    private static string Unmount(string prefix) => $$"""
        mounts=$(awk -v p={{ShellText.Quote(prefix)}} 'index($2, p) == 1 {print $2}' /proc/self/mounts | sort -r)
        if [ -z "$mounts" ]; then {{Unchanged}}; exit 0; fi
        for m in $mounts; do umount -l "$m"; rm -rf --one-file-system "$m"; done
        {{Changed}}
        """;

    /// <summary>iptables-save minus every line naming a marker, restored; unchanged when no line names one.</summary>
    private static string FirewallRules(IReadOnlyList<string> markers)
    {
        var pattern = ShellText.Quote(string.Join('|', markers));
        return $$"""
            changed=no
            for tool in iptables ip6tables; do
              command -v $tool-save >/dev/null 2>&1 || continue
              if $tool-save | grep -qiE {{pattern}}; then $tool-save | grep -viE {{pattern}} | $tool-restore; changed=yes; fi
            done
            if [ $changed = yes ]; then {{Changed}}; else {{Unchanged}}; fi
            """;
    }
}
