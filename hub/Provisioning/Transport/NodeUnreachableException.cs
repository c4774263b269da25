namespace PiController.Hub.Provisioning.Transport;

/// <summary>The node could not be reached (agent offline, SSH connection refused, host key changed): the plan stops that node's branch and says <see cref="Exception.Message"/>, which names the next action.</summary>
internal sealed class NodeUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
