namespace PiController.Hub.Security;

/// <summary>Authorization policies. Every route needs an authenticated caller (the fallback policy); these narrow it.</summary>
internal static class HubPolicies
{
    /// <summary>Drives hardware and nodes: admin or operator.</summary>
    public const string Operator = "operator";

    /// <summary>Manages tokens and nodes: admin only.</summary>
    public const string Admin = "admin";
}
