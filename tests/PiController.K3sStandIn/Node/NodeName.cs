namespace PiController.K3sStandIn.Node;

/// <summary>A Node's name as Kubernetes accepts it: a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253).</summary>
internal static class NodeName
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 253
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
