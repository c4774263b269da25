using System.Text.Json;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli.Input;

/// <summary>
/// One resource document from a file, in the hub's shape (kind, name, labels, node, spec), with where it came from
/// ("led.yaml, document 2 (line 7)") for every message about it.
/// </summary>
internal sealed record Manifest(string Where, ResourceKind Kind, string Name, JsonElement Document)
{
    /// <summary>kubectl's way of naming an object: gpiopin/led.</summary>
    public string Reference => $"{Kind.Name().ToLowerInvariant()}/{Name}";
}
