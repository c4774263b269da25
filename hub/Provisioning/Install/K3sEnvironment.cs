using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The unit's environment file (k3s.service.env, mode 0600, root), where install.sh keeps the K3S_* variables. It
/// holds the secrets and nothing else, so no token is ever in config.yaml, a unit, an argument list or a process
/// title: K3S_TOKEN (servers: the server token; agents: the agent token) and, on servers, K3S_AGENT_TOKEN, the token
/// agents join with. Both in their secure form.
/// </summary>
internal static class K3sEnvironment
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static FileContent Server(K3sToken serverToken, K3sToken agentToken) =>
        new FileContent.Builder()
            .Append("K3S_TOKEN=").AppendSecret(Checked(serverToken, K3sToken.ServerUser), serverToken.ToString()).Append("\n")
            .Append("K3S_AGENT_TOKEN=").AppendSecret(Checked(agentToken, K3sToken.AgentUser), agentToken.ToString()).Append("\n")
            .Build();

    public static FileContent Agent(K3sToken agentToken) =>
        new FileContent.Builder()
            .Append("K3S_TOKEN=").AppendSecret(Checked(agentToken, K3sToken.AgentUser), agentToken.ToString()).Append("\n")
            .Build();

    /// <summary>An agent is never handed the server token, nor a server the wrong one: the user is checked here.</summary>
    private static string Checked(K3sToken token, string user) => token.User == user
        ? token.Reveal()
        : throw new ArgumentException($"expected a {user} token, got a {token.User} token");
}
