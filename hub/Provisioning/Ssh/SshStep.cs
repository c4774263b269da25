using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// One <see cref="InstallStep"/> as it runs over SSH: a script run as root (<see cref="SshCommandLine.AsRoot"/>), and
/// what goes to its stdin after sudo's password line: nothing, a file's content (<paramref name="Content"/>), or a
/// release file streamed from the hub's artifact store (<paramref name="ArtifactSha256"/>). No secret is ever in
/// <paramref name="Script"/>: a file's text goes over stdin only.
/// </summary>
/// <param name="Script">The POSIX sh script; its last line of output is <see cref="Changed"/> or <see cref="Unchanged"/>.</param>
/// <param name="Content">The file content for stdin, or null.</param>
/// <param name="ArtifactSha256">The artifact to stream to stdin, or null.</param>
internal sealed record SshStep(string Script, FileContent? Content = null, string? ArtifactSha256 = null)
{
    public const string Changed = "pi-controller:changed";
    public const string Unchanged = "pi-controller:unchanged";

    /// <summary>A step with nothing to do in this run (a restart no watched path asks for): no round trip.</summary>
    public static readonly SshStep Nothing = new("");
}
