using System.Security.Cryptography;
using System.Text;

namespace PiController.K3sStandIn.Server;

/// <summary>
/// The passwords a server accepts: the server token's (user <c>server</c>, full admin and the only one that may fetch
/// the bootstrap data) and, when agent-token is set, the agent token's (user <c>node</c>). As in K3s, an agent may
/// also present the server password; without an agent token, it must.
/// </summary>
internal sealed class ClusterPasswords(string server, string? agent)
{
    public string Server { get; } = server;

    public string? Agent { get; } = agent;

    /// <summary>A new password as K3s makes one when no token is given: 16 random bytes as hex.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool IsServer(string user, string password) => user == "server" && Same(password, Server);

    public bool IsNode(string user, string password) =>
        user is "node" or "server" && (Same(password, Server) || (Agent is { } agent && Same(password, agent)));

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
