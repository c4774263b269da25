using System.Globalization;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary>Hardware resources (GPIOPin, PWMController, I2CDevice) as JSON documents: /api/v1/{kind path}.</summary>
internal sealed partial class HubClient
{
    public Task<JsonElement> GetResourceAsync(ResourceKind kind, string name, CancellationToken cancellationToken) =>
        GetAsync(ResourcePath(kind, name), HubJsonContext.Default.JsonElement, cancellationToken);

    /// <summary>
    /// The resources of a kind, optionally only those on one node, whose own labels match <paramref name="selector"/>,
    /// or placed on nodes whose labels match <paramref name="nodeSelector"/>.
    /// </summary>
    public Task<JsonElement> ListResourcesAsync(ResourceKind kind, string? node, string? selector, CancellationToken cancellationToken, string? nodeSelector = null)
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
        if (nodeSelector is { } ns)
        {
            query.Add("nodeSelector=" + Uri.EscapeDataString(ns));
        }
        return GetAsync(ResourcePath(kind) + (query.Count > 0 ? "?" + string.Join('&', query) : ""), HubJsonContext.Default.JsonElement, cancellationToken);
    }

    /// <summary>Creates a resource; with <paramref name="dryRun"/> the hub checks it and answers it as it would be, storing nothing.</summary>
    public Task<JsonElement> CreateResourceAsync(ResourceKind kind, JsonElement document, CancellationToken cancellationToken, bool dryRun = false) =>
        PostAsync(ResourcePath(kind) + DryRun(dryRun, "?"), document, HubJsonContext.Default.JsonElement, HubJsonContext.Default.JsonElement, cancellationToken);

    /// <summary>Creates or changes a resource: {"result": "created|configured|unchanged", "resource": {...}}.</summary>
    public Task<JsonElement> ApplyResourceAsync(ResourceKind kind, JsonElement document, bool dryRun, CancellationToken cancellationToken) =>
        PostAsync(ResourcePath(kind) + "/apply" + DryRun(dryRun, "?"), document, HubJsonContext.Default.JsonElement, HubJsonContext.Default.JsonElement, cancellationToken);

    public Task DeleteResourceAsync(ResourceKind kind, string name, CancellationToken cancellationToken) =>
        DeleteAsync(ResourcePath(kind, name), cancellationToken);

    /// <summary>The newest <paramref name="count"/> events about one resource, oldest first.</summary>
    public Task<EventListView> ResourceEventsAsync(ResourceKind kind, string name, int count, CancellationToken cancellationToken) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/events?resource={Uri.EscapeDataString(kind.Name() + "/" + name)}&tail={count}"),
            HubJsonContext.Default.EventListView, cancellationToken);

    /// <summary>The newest <paramref name="count"/> events about one node, oldest first.</summary>
    public Task<EventListView> NodeEventsAsync(string node, int count, CancellationToken cancellationToken) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/events?node={Uri.EscapeDataString(node)}&tail={count}"),
            HubJsonContext.Default.EventListView, cancellationToken);

    private static string DryRun(bool dryRun, string separator) => dryRun ? separator + "dryRun=All" : "";

    private static string ResourcePath(ResourceKind kind, string? name = null) =>
        name is null ? $"/api/v1/{kind.Path()}" : $"/api/v1/{kind.Path()}/{Escape(name)}";
}
