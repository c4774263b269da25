using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// The allow-list checks of the K3s steps (<see cref="K3sPaths"/>), each a one-line refusal that names what is allowed.
/// Run before anything is touched, on the agent and again in <c>pi-agent k3s-host-step</c>.
/// </summary>
internal static class K3sStepRules
{
    /// <summary>Modes a K3s file may have: no set-id or sticky bits, nothing writable by group or others.</summary>
    private const uint AllowedModeBits = 0b111_101_101;

    public static void RequireSha256(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw K3sStepException.Refused($"\"{Short(sha256)}\" is not a SHA-256 (64 lower-case hex digits)");
        }
    }

    public static void RequireBinary(string path, string sha256)
    {
        if (path != K3sPaths.Binary)
        {
            throw K3sStepException.Refused($"the K3s binary goes to {K3sPaths.Binary} only, not \"{Short(path)}\"");
        }
        RequireSha256(sha256);
    }

    /// <summary>A rollback restores <see cref="K3sPaths.Binary"/> only; its hash, when given, is a SHA-256.</summary>
    public static void RequireRestore(string path, string sha256)
    {
        if (path != K3sPaths.Binary)
        {
            throw K3sStepException.Refused($"a rollback restores {K3sPaths.Binary} only, not \"{Short(path)}\"");
        }
        if (sha256.Length > 0)
        {
            RequireSha256(sha256);
        }
    }

    public static void RequireImages(string path, string sha256)
    {
        if (!K3sPaths.IsImagesFile(path))
        {
            throw K3sStepException.Refused($"the air-gap images go to {K3sPaths.ImagesDirectory}/NAME.tar[.zst|.gz] only, not \"{Short(path)}\"");
        }
        RequireSha256(sha256);
    }

    public static void RequireSymlink(string path, string target)
    {
        if (!K3sPaths.Symlinks.Contains(path) || target != "k3s")
        {
            throw K3sStepException.Refused($"the links to k3s are {string.Join(", ", K3sPaths.Symlinks.Order(StringComparer.Ordinal))} -> k3s only, not \"{Short(path)}\" -> \"{Short(target)}\"");
        }
    }

    public static UnixFileMode RequireWritable(string path, uint mode, bool onlyIfAbsent)
    {
        if (!K3sPaths.IsWritableFile(path))
        {
            throw K3sStepException.Refused($"\"{Short(path)}\" is not a file of K3s's the agent writes (config.yaml and config.yaml.d/*.yaml under " +
                $"{K3sPaths.ConfigDirectory}, the k3s and k3s-agent units and their .env, the CA files under {K3sPaths.TlsDirectory})");
        }
        if ((mode & ~AllowedModeBits) != 0)
        {
            throw K3sStepException.Refused($"mode {Convert.ToString(mode, 8)} for {path} is refused: K3s's files are at most 0755, never writable by group or others");
        }
        if (K3sPaths.TrustFiles.Contains(path) && !onlyIfAbsent)
        {
            throw K3sStepException.Refused($"{path} is a CA file K3s reads on its first start only: it is written only where none exists (only_if_absent)");
        }
        return (UnixFileMode)mode;
    }

    public static void RequireUninstall(UninstallK3s step)
    {
        var (allowed, what) = step.StepCase switch
        {
            UninstallK3s.StepOneofCase.KillContainerShims => (step.KillContainerShims == K3sPaths.DataDirectory, $"the containers of {K3sPaths.DataDirectory}"),
            UninstallK3s.StepOneofCase.UnmountUnder => (K3sPaths.MountPrefixes.Contains(step.UnmountUnder), "the mounts under " + List(K3sPaths.MountPrefixes)),
            UninstallK3s.StepOneofCase.DeleteNetworkNamespaces => (step.DeleteNetworkNamespaces == "cni-", "the network namespaces cni-*"),
            UninstallK3s.StepOneofCase.DeleteNetworkInterface => (K3sPaths.Interfaces.Contains(step.DeleteNetworkInterface), "the interfaces " + List(K3sPaths.Interfaces)),
            UninstallK3s.StepOneofCase.DeleteBridgePorts => (step.DeleteBridgePorts == "cni0", "the ports of the bridge cni0"),
            UninstallK3s.StepOneofCase.RemoveFirewallRules => (step.RemoveFirewallRules.Markers.Count > 0 && step.RemoveFirewallRules.Markers.All(K3sPaths.FirewallMarkers.Contains),
                "the firewall rules marked " + List(K3sPaths.FirewallMarkers)),
            UninstallK3s.StepOneofCase.RemoveFile => (K3sPaths.IsRemovableFile(step.RemoveFile.Path),
                $"the files {K3sPaths.Binary}, {K3sPaths.PreviousBinary}, the links {List(K3sPaths.Symlinks)}, the units and their .env"),
            UninstallK3s.StepOneofCase.RemoveDirectory => (K3sPaths.Directories.Contains(step.RemoveDirectory), "the directories " + List(K3sPaths.Directories)),
            _ => (false, "one of the uninstall steps"),
        };
        if (!allowed)
        {
            throw K3sStepException.Refused($"the uninstall removes {what} only; refused: {step.StepCase} {Short(Argument(step))}");
        }
    }

    public static void RequireBootCmdline(string path, string text)
    {
        if (!K3sPaths.BootCmdlines.Contains(path))
        {
            throw K3sStepException.Refused($"the boot command line is /boot/firmware/cmdline.txt or /boot/cmdline.txt, not \"{Short(path)}\"");
        }
        var line = text.TrimEnd('\n');
        if (line.Length == 0 || line.Length > 4096 || line.Any(c => char.IsControl(c)))
        {
            throw K3sStepException.Refused("the boot command line must be one non-empty line of at most 4096 characters");
        }
    }

    public static void RequireUnit(ServiceControl control)
    {
        if (control.Action == ServiceControl.Types.Action.Unspecified)
        {
            throw K3sStepException.Refused("ServiceControl names no action (daemon-reload, restart, enable --now, disable --now, state)");
        }
        if (control.Action != ServiceControl.Types.Action.DaemonReload && !K3sPaths.Units.Contains(control.Unit))
        {
            throw K3sStepException.Refused($"the agent controls the units k3s and k3s-agent only, not \"{Short(control.Unit)}\"");
        }
    }

    public static void RequireEtcdSnapshot(EtcdSnapshot step)
    {
        switch (step.Action)
        {
            case EtcdSnapshot.Types.Action.Save when step.Name.Length > 0 && !IsSnapshotPrefix(step.Name):
                throw K3sStepException.Refused($"the snapshot name \"{Short(step.Name)}\" is refused: lower-case letters, digits and '-', at most 40, starting and ending with a letter or digit");
            case EtcdSnapshot.Types.Action.Save or EtcdSnapshot.Types.Action.List:
                return;
            case EtcdSnapshot.Types.Action.Prune when step.Retention is < 1 or > 1000:
                throw K3sStepException.Refused($"prune keeps 1 to 1000 snapshots, not {step.Retention}");
            case EtcdSnapshot.Types.Action.Prune:
                return;
            default:
                throw K3sStepException.Refused("EtcdSnapshot names no action (save, ls or prune)");
        }
    }

    private static bool IsSnapshotPrefix(string name) =>
        name.Length <= 40 && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0]) && char.IsAsciiLetterLower(name[^1]) | char.IsAsciiDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string Argument(UninstallK3s step) => step.StepCase switch
    {
        UninstallK3s.StepOneofCase.RemoveFile => step.RemoveFile.Path,
        UninstallK3s.StepOneofCase.RemoveFirewallRules => string.Join(",", step.RemoveFirewallRules.Markers),
        UninstallK3s.StepOneofCase.KillContainerShims => step.KillContainerShims,
        UninstallK3s.StepOneofCase.UnmountUnder => step.UnmountUnder,
        UninstallK3s.StepOneofCase.DeleteNetworkNamespaces => step.DeleteNetworkNamespaces,
        UninstallK3s.StepOneofCase.DeleteNetworkInterface => step.DeleteNetworkInterface,
        UninstallK3s.StepOneofCase.DeleteBridgePorts => step.DeleteBridgePorts,
        UninstallK3s.StepOneofCase.RemoveDirectory => step.RemoveDirectory,
        _ => "",
    };

    private static string List(IEnumerable<string> values) => string.Join(", ", values.Order(StringComparer.Ordinal));

    /// <summary>A value from the hub as it is quoted in a refusal: at most 120 characters, controls shown as '?'.</summary>
    private static string Short(string value) =>
        new(value.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
