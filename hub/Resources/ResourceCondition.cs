namespace PiController.Hub.Resources;

/// <summary>One condition of a resource, as Kubernetes writes them: type, "True"/"False", a reason and a message.</summary>
internal sealed record ResourceCondition(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime)
{
    public const string Applied = "Applied";
    public const string Conflict = "Conflict";
    public const string NodeOffline = "NodeOffline";
    public const string Invalid = "Invalid";
    public const string True = "True";
    public const string False = "False";

    public static IReadOnlyList<string> Types { get; } = [Applied, Conflict, NodeOffline, Invalid];
}
