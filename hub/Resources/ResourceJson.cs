using System.Text.Json;
using PiController.Hub.Api;

namespace PiController.Hub.Resources;

/// <summary>The hub's JSON contract without indentation, for what the store keeps in JSON columns.</summary>
internal static class ResourceJson
{
    public static HubJsonContext Compact { get; } = new(new JsonSerializerOptions(HubJsonContext.Default.Options) { WriteIndented = false });
}
