namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// One step of a node's plan as stored: its phase (preflight, fix, install, ready, uninstall), index, description
/// (<see cref="Install.InstallStepText"/>, secrets masked), state (pending, running, done, failed) and what it did.
/// </summary>
internal sealed record PlanStepRecord(
    string Target,
    string Phase,
    int Index,
    string Description,
    string State,
    bool Changed,
    string? Path,
    string Output,
    string Error,
    int? ExitCode,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt);

/// <summary>The phases and step states of a plan.</summary>
internal static class PlanPhases
{
    public const string Preflight = "preflight";
    public const string Fix = "fix";
    public const string Install = "install";
    public const string Ready = "ready";
    public const string Uninstall = "uninstall";

    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}
