using PiController.Hub.Api;

namespace PiController.Hub.Agents;

/// <summary>What a node id may look like: a serial number or machine id, not free text. The link checks it in Hello; every feature that takes a node id uses it.</summary>
internal static class NodeIdRules
{
    public const int MaxLength = 64;

    /// <summary>Returns null when the id is acceptable, else what is wrong with it.</summary>
    public static string? Check(string nodeId) =>
        nodeId.Length == 0 ? "node id is empty"
        : nodeId.Length > MaxLength ? $"node id is longer than {MaxLength} characters"
        : !nodeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? $"node id \"{TextRules.Excerpt(nodeId)}\" may contain only letters, digits, '-', '_' and '.'"
        : null;

    /// <summary>The id as a log line may show it: a valid id as it is, anything else escaped, capped and marked.</summary>
    public static string ForLog(string nodeId) =>
        Check(nodeId) is null ? nodeId : $"(invalid id \"{TextRules.Reported(nodeId, MaxLength)}\")";
}
