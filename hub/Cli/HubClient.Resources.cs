using System.Text.Json;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary>Hardware resources (GPIOPin, PWMController, I2CDevice) as JSON documents: /api/v1/{kind path}.</summary>
internal sealed partial class HubClient
{
    public Task<JsonElement> GetResourceAsync(ResourceKind kind, string name, CancellationToken cancellationToken) =>
        GetAsync(ResourcePath(kind, name), HubJsonContext.Default.JsonElement, cancellationToken);

    /// <summary>The resources of a kind, optionally only those on one node or whose labels match a selector.</summary>
    public Task<JsonElement> ListResourcesAsync(ResourceKind kind, string? node, string? selector, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (node is { } n)
        {
            query.Add("node=" + Uri.EscapeDataString(n));
        }
        if (selector is { } s)
        {
            query.Add("selector=" + Uri.EscapeDataString(s));
        }
        return GetAsync(ResourcePath(kind) + (query.Count > 0 ? "?" + string.Join('&', query) : ""), HubJsonContext.Default.JsonElement, cancellationToken);
    }

    public Task<JsonElement> CreateResourceAsync(ResourceKind kind, JsonElement document, CancellationToken cancellationToken) =>
        PostAsync(ResourcePath(kind), document, HubJsonContext.Default.JsonElement, HubJsonContext.Default.JsonElement, cancellationToken);

    public Task<JsonElement> ReplaceResourceAsync(ResourceKind kind, string name, JsonElement document, CancellationToken cancellationToken) =>
        PutAsync(ResourcePath(kind, name), document, HubJsonContext.Default.JsonElement, HubJsonContext.Default.JsonElement, cancellationToken);

    public Task DeleteResourceAsync(ResourceKind kind, string name, CancellationToken cancellationToken) =>
        DeleteAsync(ResourcePath(kind, name), cancellationToken);

    private static string ResourcePath(ResourceKind kind, string? name = null) =>
        name is null ? $"/api/v1/{kind.Path()}" : $"/api/v1/{kind.Path()}/{Escape(name)}";
}
