namespace PiController.Hub.Cli;

/// <summary><c>pi-controller version -o json</c>: the client's version, and the hub's unless --client.</summary>
internal sealed record VersionReport(string ClientVersion, string? ServerVersion, string? ServerApiVersion, string? Hub);
