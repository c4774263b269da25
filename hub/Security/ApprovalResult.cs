namespace PiController.Hub.Security;

internal enum ApprovalOutcome
{
    Approved,
    AlreadyApproved,
    NothingWaiting,
    NoSuchKey,
    Ambiguous,
}

/// <summary>What approving a node's waiting enrollment came to; <see cref="PublicKeySha256"/> is the approved key.</summary>
internal sealed record ApprovalResult(ApprovalOutcome Outcome, string? PublicKeySha256, IReadOnlyList<string> WaitingKeys)
{
    public bool Succeeded => Outcome is ApprovalOutcome.Approved or ApprovalOutcome.AlreadyApproved;

    /// <summary>Why it failed, in the CLI's terms; null when it succeeded.</summary>
    public string? Problem(string nodeId, string keyPrefix) => Outcome switch
    {
        ApprovalOutcome.NothingWaiting =>
            $"no enrollment request is waiting for node \"{nodeId}\"; pi-controller nodes pending lists them (an agent asks again within 30 s of being refused)",
        ApprovalOutcome.NoSuchKey =>
            $"no enrollment request of node {nodeId} has a key starting with {keyPrefix}; waiting keys: {string.Join(", ", WaitingKeys.Select(EnrollmentKeys.Short))}",
        ApprovalOutcome.Ambiguous =>
            $"more than one waiting key of node {nodeId} starts with {keyPrefix}; give more digits",
        _ => null,
    };
}
