namespace PiController.Hub.Provisioning.Clusters;

/// <summary>A node's branch of a plan stopped: <see cref="Exception.Message"/> is why (stderr, a refusal), <see cref="NextAction"/> what the user does next.</summary>
internal sealed class NodeBranchFailed(string message, string nextAction) : Exception(message)
{
    public string NextAction { get; } = nextAction;
}
