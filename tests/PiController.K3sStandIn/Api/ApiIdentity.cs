namespace PiController.K3sStandIn.Api;

/// <summary>
/// Who a client of the API is, from its certificate's subject as the API server reads it (CN the user, O the
/// groups): the admin of k3s.yaml (system:admin in system:masters) or a kubelet (system:node:NAME in system:nodes).
/// </summary>
internal sealed record ApiIdentity(string User, IReadOnlyList<string> Groups)
{
    private const string NodePrefix = "system:node:";

    public bool IsAdmin => Groups.Contains("system:masters");

    /// <summary>The node a kubelet speaks for, or null for any other user.</summary>
    public string? NodeName => Groups.Contains("system:nodes") && User.StartsWith(NodePrefix, StringComparison.Ordinal) ? User[NodePrefix.Length..] : null;

    /// <summary>Reads CN and O from an X.500 name as .NET formats it ("CN=system:admin, O=system:masters").</summary>
    public static ApiIdentity FromSubject(string subject)
    {
        string? user = null;
        var groups = new List<string>();
        foreach (var part in subject.Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("CN=", StringComparison.Ordinal))
            {
                user = part[3..];
            }
            else if (part.StartsWith("O=", StringComparison.Ordinal))
            {
                groups.Add(part[2..]);
            }
        }
        return new ApiIdentity(user ?? "", groups);
    }
}
