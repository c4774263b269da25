using System.Text;
using PiController.Protocol.Storage;

namespace PiController.Agent.Link;

/// <summary>
/// A random id made once per agent data directory. The hub binds a node id to the first instance it sees, so a
/// second machine with the same identity (a cloned SD card, a copied machine-id) is refused, not merged.
/// </summary>
internal static class InstanceId
{
    public static string LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Join(dataDirectory, "instance-id");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (Guid.TryParseExact(existing, "N", out _))
            {
                return existing;
            }
        }
        var id = Guid.NewGuid().ToString("N");
        DurableFile.Write(path, Encoding.ASCII.GetBytes(id + "\n"), DurableFile.Public);
        return id;
    }
}
