namespace PiController.Hub.Resources;

/// <summary>What applying a document did, in kubectl's words: created, configured, unchanged.</summary>
internal enum ApplyResult
{
    Created,
    Configured,
    Unchanged,
}
