namespace PiController.Hub.Nodes;

/// <summary>A Hello for a node id that is bound to another agent instance.</summary>
internal sealed class NodeClaimException(string message) : Exception(message);
