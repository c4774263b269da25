namespace PiController.K3sStandIn.Node;

/// <summary>
/// The air-gap images directory, DATA-DIR/agent/images/, which K3s imports into containerd at every start (docs.k3s.io
/// Air-Gap Install). The stand-in runs no containerd: it lists the files there, so a test sees what the node would
/// have imported.
/// </summary>
internal static class AgentImages
{
    public static IReadOnlyList<string> List(string dataDirectory)
    {
        var directory = Path.Join(dataDirectory, "agent", "images");
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            Log.Info($"Importing images from {Path.Join(directory, file)} (stand-in: listed, not imported)");
        }
        return files!;
    }
}
