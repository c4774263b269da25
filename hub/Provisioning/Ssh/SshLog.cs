namespace PiController.Hub.Provisioning.Ssh;

/// <summary>What the SSH transport logs: names, paths, fingerprints and exit codes, never a command's input (files, passwords).</summary>
internal static partial class SshLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "SSH target {Target}: host key {Algorithm} {Fingerprint} pinned on first use")]
    public static partial void Pinned(ILogger logger, string target, string algorithm, string fingerprint);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "SSH target {Target}: step {Step} {Path} ended with exit code {ExitCode}")]
    public static partial void Step(ILogger logger, string target, string step, string path, int? exitCode);
}
