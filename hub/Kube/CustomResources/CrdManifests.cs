using System.Text.Json;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// The CustomResourceDefinitions of deploy/crds, embedded into the hub at build time (that folder is their one
/// source), as the JSON the API takes.
/// </summary>
internal static class CrdManifests
{
    private static readonly Lazy<IReadOnlyList<CrdManifest>> Loaded = new(Load);

    public static IReadOnlyList<CrdManifest> All => Loaded.Value;

    private static List<CrdManifest> Load()
    {
        var assembly = typeof(CrdManifests).Assembly;
        var manifests = new List<CrdManifest>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("crds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var json = YamlJson.Convert(reader.ReadToEnd());
            using var document = JsonDocument.Parse(json);
            var name = document.RootElement.GetProperty("metadata").GetProperty("name").GetString()!;
            manifests.Add(new CrdManifest(name, json));
        }
        return manifests;
    }
}
