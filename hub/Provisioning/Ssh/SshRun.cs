namespace PiController.Hub.Provisioning.Ssh;

/// <summary>What one command did on a target: its exit code (null when it ended by a signal), stdout and stderr, all kept.</summary>
internal sealed record SshRun(int? ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
