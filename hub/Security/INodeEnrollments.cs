namespace PiController.Hub.Security;

/// <summary>
/// What enrollment reads and writes on a node's record. The nodes table belongs to Nodes (NodeStore implements
/// this); Security reaches it through this interface, so the dependency runs one way, Nodes to Security.
/// </summary>
internal interface INodeEnrollments
{
    /// <summary>Whether the node was ever enrolled or revoked here (its record may have been removed since).</summary>
    bool EnrolledOrRevoked(string nodeId);

    /// <summary>Records an enrollment: the next Hello binds a new agent instance, and a revocation is lifted.</summary>
    void RecordEnrolled(string nodeId, string hostname);
}
