namespace PiController.Hub.Kube.Informers;

/// <summary>Why an informer watched again: the metric's and the status's reason label.</summary>
internal static class WatchRestartReason
{
    /// <summary>The server ended the stream (its timeout, a proxy): watch again from the last version seen.</summary>
    public const string StreamEnded = "stream-ended";

    /// <summary>410 Gone: the version is too old; list again and send the parts what differs.</summary>
    public const string Gone = "gone";

    /// <summary>The list or the watch failed (unreachable, refused): back off, then try again.</summary>
    public const string Error = "error";

    public static IReadOnlyList<string> All { get; } = [StreamEnded, Gone, Error];
}
