namespace PiController.Hub.Security;

/// <summary>
/// Where enrollment reports a node's status change (node.status-changed). Security owns it so that it names no
/// feature above it; Events implements it (<c>NodeEvents</c>), the way Nodes implements <see cref="INodeEnrollments"/>.
/// </summary>
internal interface INodeStatusEvents
{
    void StatusChanged(string nodeId, string change, string? from, string? to, string detail);
}
