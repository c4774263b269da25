using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli.Input;

/// <summary>
/// A document checked on this side with the hub's own rules (fields, spec, name, labels, node), so that a bad
/// second document stops <c>apply</c> before the first is sent, and <c>--dry-run=client</c> needs no hub. What only
/// the hub knows (which node a selector matches, which pins are taken) is left to it.
/// </summary>
internal static class ManifestCheck
{
    public static void Validate(Manifest manifest)
    {
        ResourceDraft draft;
        try
        {
            draft = ResourceTypes.Of(manifest.Kind).Parse(JsonSerializer.SerializeToUtf8Bytes(manifest.Document, HubJsonContext.Default.JsonElement));
        }
        catch (HubException e)
        {
            throw new InputException(e.Message);
        }
        if (ResourceValidation.Problems(draft) is { Count: > 0 } problems)
        {
            throw new InputException(string.Join("; ", problems));
        }
    }
}
