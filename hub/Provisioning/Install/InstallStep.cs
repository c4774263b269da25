namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// One typed step of installing or removing K3s on a node: data, not a command line, so the agent transport and the
/// SSH transport carry out the same list and a dry-run prints it (<see cref="InstallStepText"/>). Each step is
/// idempotent: carried out twice, the second time reports unchanged.
/// </summary>
internal abstract record InstallStep
{
    /// <summary>The path this step writes or removes, when it has one; <see cref="RestartIfChanged"/> watches them.</summary>
    public virtual string? Path => null;
}

/// <summary>
/// Places the K3s binary (mode 0755, root) from the hub's artifact store; unchanged when the file on the node already
/// has <paramref name="Sha256"/> (install.sh skips the download the same way). With <paramref name="KeepPrevious"/>,
/// a binary being replaced is first kept as <see cref="PreviousPath"/> for a rollback.
/// </summary>
internal sealed record PlaceBinary(string BinaryPath, string Sha256, bool KeepPrevious) : InstallStep
{
    public override string? Path => BinaryPath;

    public string PreviousPath => BinaryPath + ".previous";

    /// <summary>Unchanged when the node's binary already has the release's hash (null: no binary there).</summary>
    public bool IsUnchanged(string? currentSha256) => string.Equals(currentSha256, Sha256, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A rollback: puts <c>BINARY.previous</c> (kept by <see cref="PlaceBinary.KeepPrevious"/>) back as the binary, and the
/// binary it replaces becomes <c>BINARY.previous</c>, so a rollback can itself be undone. With <paramref name="Sha256"/>
/// (the release rolled back to, when the hub knows it): unchanged when the binary already has it, refused when the
/// previous binary does not. The unit's restart is a step of its own after it.
/// </summary>
internal sealed record RestorePreviousBinary(string BinaryPath, string? Sha256) : InstallStep
{
    public override string? Path => BinaryPath;

    public string PreviousPath => BinaryPath + ".previous";
}

/// <summary>
/// A symbolic link <paramref name="LinkPath"/> -> <paramref name="Target"/> (relative, as install.sh's <c>ln -sf k3s</c>);
/// unchanged when that link is there. A file of that name that is not such a link (a kubectl the user installed) is
/// left alone and reported, as install.sh skips a command that already exists.
/// </summary>
internal sealed record Symlink(string LinkPath, string Target) : InstallStep
{
    public override string? Path => LinkPath;
}

/// <summary>Writes a file (root-owned, with <paramref name="Mode"/>, replaced atomically); unchanged when the node's file has the same content hash and mode.</summary>
internal sealed record WriteFile(string FilePath, FileContent Content, UnixFileMode Mode, FileKind Kind) : InstallStep
{
    public override string? Path => FilePath;

    /// <summary>True for <see cref="FileKind.Trust"/>: an existing file is kept, never overwritten.</summary>
    public bool OnlyIfAbsent => Kind == FileKind.Trust;

    /// <summary>
    /// Unchanged when the node's file has this content's hash and this mode, or, for a CA file, when any file is
    /// there. Null hash and mode: the file does not exist.
    /// </summary>
    public bool IsUnchanged(string? currentSha256, UnixFileMode? currentMode) => currentSha256 is not null &&
        (OnlyIfAbsent || (string.Equals(currentSha256, Content.Sha256, StringComparison.OrdinalIgnoreCase) && currentMode == Mode));
}

/// <summary><c>systemctl daemon-reload</c>, so systemd reads a new or changed unit.</summary>
internal sealed record DaemonReload : InstallStep;

/// <summary>
/// <c>systemctl restart UNIT</c>, but only when a step writing one of <paramref name="Watched"/> changed something
/// in this run (install.sh compares the hashes of binary, unit and env file before and after). A fresh install
/// changes them all, so this is also the first start. Restarting leaves pods running (KillMode=process).
/// </summary>
internal sealed record RestartIfChanged(string Unit, IReadOnlyList<string> Watched) : InstallStep
{
    /// <summary>Due when a step of this run changed one of the watched paths.</summary>
    public bool IsDue(IReadOnlySet<string> changedPaths) => Watched.Any(changedPaths.Contains);
}

/// <summary><c>systemctl enable --now UNIT</c>: starts at boot, and is running now (a no-op when it already is).</summary>
internal sealed record EnableNow(string Unit) : InstallStep;
