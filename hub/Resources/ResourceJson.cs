using System.Text.Json;

namespace PiController.Hub.Resources;

/// <summary>The hub's JSON contract without indentation, for what the store keeps in JSON columns.</summary>
internal static class ResourceJson
{
    public static ResourcesJsonContext Compact { get; } = new(new JsonSerializerOptions(ResourcesJsonContext.Default.Options) { WriteIndented = false });
}
