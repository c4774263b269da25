namespace PiController.Hub.Provisioning.Transport;

/// <summary>
/// How a plan names one node: an enrolled node by its id (reached through its agent), or an SSH target by its name,
/// written <c>ssh:NAME</c>.
/// </summary>
internal sealed record NodeTarget(NodeTransportKind Kind, string Name)
{
    public const string SshPrefix = "ssh:";

    public static NodeTarget Parse(string text) => text.StartsWith(SshPrefix, StringComparison.Ordinal)
        ? new NodeTarget(NodeTransportKind.Ssh, text[SshPrefix.Length..])
        : new NodeTarget(NodeTransportKind.Agent, text);

    public override string ToString() => Kind == NodeTransportKind.Ssh ? SshPrefix + Name : Name;
}

/// <summary>Through the agent's stream, or over SSH.</summary>
internal enum NodeTransportKind
{
    Agent,
    Ssh,
}
