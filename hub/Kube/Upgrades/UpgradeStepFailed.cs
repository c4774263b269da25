namespace PiController.Hub.Kube.Upgrades;

/// <summary>A step of a node's upgrade failed: why (<see cref="Exception.Message"/>) and what the user does next.</summary>
internal sealed class UpgradeStepFailed(string message, string nextAction) : Exception(message)
{
    public string NextAction { get; } = nextAction;
}
