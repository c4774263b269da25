using System.Text.Json;

namespace PiController.K3sStandIn.Node;

/// <summary>
/// What a running stand-in took from its configuration, written to DATA-DIR/standin-state.json (0600) once it is
/// ready, for tests to read: never a token or password, only which user the join token named (<c>server</c> or
/// <c>node</c>). Only the stand-in writes this file; K3s has none.
/// </summary>
internal sealed record StandInState(
    string Version,
    string Role,
    string NodeName,
    IReadOnlyList<string> NodeLabels,
    IReadOnlyList<string> KubeletArgs,
    bool PreferBundledBin,
    string? Server,
    bool ClusterInit,
    string? TokenUser,
    IReadOnlyList<string> TlsSan,
    IReadOnlyList<string> Disable,
    bool SecretsEncryption,
    string? CaFiles,
    int? HttpsListenPort,
    IReadOnlyList<string> Images,
    IReadOnlyList<string> UnknownConfigKeys)
{
    public const string FileName = "standin-state.json";

    public void Write(string dataDirectory) =>
        HostPaths.Write(Path.Join(dataDirectory, FileName), JsonSerializer.Serialize(this, StandInJson.Readable.StandInState) + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
