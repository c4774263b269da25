namespace PiController.K3sStandIn.Server;

/// <summary>
/// Where a first server keeps the Kubernetes API's objects: DATA-DIR/server/db/standin-api.json, written by the API
/// double's store after each change and read at start, so objects survive a restart as they do in etcd or K3s's
/// SQLite (server/db/state.db). etcd-snapshot save copies this file.
/// </summary>
internal static class ApiDatastore
{
    public const string FileName = "standin-api.json";

    public static string PathIn(string dataDirectory) => Path.Join(dataDirectory, "server", "db", FileName);
}
