namespace PiController.K3sStandIn.Server;

/// <summary>
/// The token files a K3s server writes under DATA-DIR/server (0600): <c>token</c> in the secure form
/// <c>K10&lt;CA hash&gt;::server:&lt;password&gt;</c>, <c>node-token</c> as a symbolic link to it, and
/// <c>agent-token</c> (<c>K10&lt;CA hash&gt;::node:&lt;password&gt;</c>) when an agent token is set.
/// </summary>
internal static class TokenFiles
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string serverDirectory, string caHash, ClusterPasswords passwords)
    {
        HostPaths.Write(Path.Join(serverDirectory, "token"), $"K10{caHash}::server:{passwords.Server}\n", Mode);
        var nodeToken = Path.Join(serverDirectory, "node-token");
        File.Delete(nodeToken);
        File.CreateSymbolicLink(nodeToken, "token");
        if (passwords.Agent is { } agent)
        {
            HostPaths.Write(Path.Join(serverDirectory, "agent-token"), $"K10{caHash}::node:{agent}\n", Mode);
        }
    }
}
