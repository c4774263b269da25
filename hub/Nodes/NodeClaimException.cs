using PiController.Hub.Api;

namespace PiController.Hub.Nodes;

/// <summary>A Hello for a node id that is bound to another agent instance: the id exists already.</summary>
internal sealed class NodeClaimException(string message) : HubException(HubErrorKind.AlreadyExists, message);
