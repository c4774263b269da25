using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Storage;

/// <summary>
/// The store on disk, as etcd keeps a cluster's objects across a restart: one JSON file of the resource version and
/// every object by resource, written whole to a temporary file (0600) and renamed over the old one.
/// </summary>
internal static class StoreFile
{
    public static void Save(string path, long version, IEnumerable<KeyValuePair<string, KindTable>> tables)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("resourceVersion", version);
            writer.WriteStartObject("objects");
            foreach (var (key, table) in tables)
            {
                writer.WriteStartArray(key);
                foreach (var obj in table.Objects.Values)
                {
                    obj.WriteTo(writer);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, buffer.ToArray());
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }

    /// <exception cref="InvalidDataException">the file is not a store the double wrote.</exception>
    public static (long Version, Dictionary<string, List<JsonObject>> Objects) Load(string path)
    {
        try
        {
            var root = JsonNode.Parse(Encoding.UTF8.GetString(File.ReadAllBytes(path)))!.AsObject();
            var objects = new Dictionary<string, List<JsonObject>>();
            foreach (var (key, items) in root["objects"]!.AsObject())
            {
                objects[key] = items!.AsArray().Select(i => i!.DeepClone().AsObject()).ToList();
            }
            return (root["resourceVersion"]!.GetValue<long>(), objects);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a store file of the Kubernetes API double ({e.Message}); remove it to start empty", e);
        }
    }
}
