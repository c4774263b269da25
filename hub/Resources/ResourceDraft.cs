namespace PiController.Hub.Resources;

/// <summary>
/// A resource document as received, checked but not yet placed on a node: its spec in canonical JSON and, when
/// the spec is valid, what it means. <c>Problems</c> lists everything wrong with it.
/// </summary>
internal sealed record ResourceDraft(
    ResourceKind Kind,
    string? DocumentKind,
    string? Name,
    IReadOnlyDictionary<string, string> Labels,
    NodeTarget? Node,
    string Spec,
    ValidSpec? Valid,
    IReadOnlyList<string> Problems);
