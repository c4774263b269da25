namespace PiController.Hub.Adoption;

/// <summary>The states of an adoption.</summary>
internal static class AdoptionStates
{
    public const string Running = "running";
    public const string Enrolled = "enrolled";
    public const string Failed = "failed";
}

/// <summary>Where one adoption stands, as REST, gRPC and the CLI show it; holds no secret.</summary>
/// <param name="Name">The ssh target's name, which names the adoption too.</param>
/// <param name="Address">The target's address (<c>pi@10.0.0.5:22</c>).</param>
/// <param name="HostKey">The pinned host key (algorithm and SHA256 fingerprint).</param>
/// <param name="TargetCreated">Whether this adoption created the ssh target (false: it reused one).</param>
/// <param name="Architecture">The Pi's Debian architecture.</param>
/// <param name="Hostname">The Pi's hostname.</param>
/// <param name="NodeId">The node id its agent enrolls as.</param>
/// <param name="State"><c>running</c>, <c>enrolled</c> or <c>failed</c>.</param>
/// <param name="Step">The step running, or the last one.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
/// <param name="NextAction">What to do about the failure; null otherwise.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended; null while it runs.</param>
internal sealed record AdoptionView(string Name, string Address, string HostKey, bool TargetCreated, string Architecture, string Hostname, string NodeId,
    string State, string Step, string? Error, string? NextAction, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    public bool Running => State == AdoptionStates.Running;

    /// <summary>An adoption whose checks run (nothing on the Pi changed yet): what is known before SSH answers is the address asked for.</summary>
    public static AdoptionView Checking(string name, string address, DateTimeOffset startedAt) =>
        new(name, address, "", false, "", "", "", AdoptionStates.Running, "checking the Pi", null, null, startedAt, null);
}
