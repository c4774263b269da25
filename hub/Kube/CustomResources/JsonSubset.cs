using System.Text.Json;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// Whether everything one JSON value says, another says too: the API server adds defaults to what it stores, so an
/// object applied before is unchanged when every field the hub sends is there with the same value.
/// </summary>
internal static class JsonSubset
{
    public static bool Contains(JsonElement whole, JsonElement part)
    {
        if (part.ValueKind == JsonValueKind.Object)
        {
            return whole.ValueKind == JsonValueKind.Object
                && part.EnumerateObject().All(p => whole.TryGetProperty(p.Name, out var w) && Contains(w, p.Value));
        }
        if (part.ValueKind == JsonValueKind.Array)
        {
            return whole.ValueKind == JsonValueKind.Array && whole.GetArrayLength() == part.GetArrayLength()
                && whole.EnumerateArray().Zip(part.EnumerateArray()).All(p => Contains(p.First, p.Second));
        }
        if (part.ValueKind == JsonValueKind.Number && whole.ValueKind == JsonValueKind.Number)
        {
            return whole.GetDouble().Equals(part.GetDouble());
        }
        return part.ValueKind == whole.ValueKind && (part.ValueKind != JsonValueKind.String || part.GetString() == whole.GetString());
    }
}
