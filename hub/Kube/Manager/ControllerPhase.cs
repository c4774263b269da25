namespace PiController.Hub.Kube.Manager;

/// <summary>Where a cluster's controller stands: preparing its parts, waiting for the first sync, or running.</summary>
internal static class ControllerPhase
{
    public const string Preparing = "preparing";
    public const string Syncing = "syncing";
    public const string Running = "running";
}
