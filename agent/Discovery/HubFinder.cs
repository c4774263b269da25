using System.Globalization;

using Microsoft.Extensions.Logging;
using PiController.Discovery;

namespace PiController.Agent.Discovery;

/// <summary>
/// Picks the hub to dial among the <c>_pi-controller._tcp</c> services on the link: the first whose TXT names the
/// CA pinned in the join token. The TXT record is only a hint (anyone can announce anything); trust still comes
/// from fetching the CA and checking its hash against the pin before a byte is sent (HubCaSource, HubTrust).
/// </summary>
internal sealed class HubFinder(string pinnedFingerprint, ILogger logger)
{
    private readonly TaskCompletionSource<Uri> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _ignored = [];

    public Task<Uri> Result => _result.Task;

    public void Consider(MdnsService hub)
    {
        if (Choose(hub, pinnedFingerprint) is { } uri)
        {
            if (_result.TrySetResult(uri))
            {
                logger.LogInformation("Found the hub by mDNS: {Instance} at {Hub} (its CA matches the join token's pin)", hub.Instance, uri);
            }
            return;
        }
        bool first;
        lock (_ignored)
        {
            first = _ignored.Add(hub.Instance);
        }
        if (first)
        {
            logger.LogWarning("mDNS: ignoring hub {Instance} at {Addresses}: it announces CA {Announced}, the join token pins {Pinned}",
                hub.Instance, string.Join(", ", hub.Addresses), hub[MdnsSchema.CaFingerprintKey] ?? "(none)", pinnedFingerprint);
        }
    }

    /// <summary>The hub's https address when its announced CA is the pinned one, else null.</summary>
    public static Uri? Choose(MdnsService hub, string pinnedFingerprint)
    {
        var announced = hub[MdnsSchema.CaFingerprintKey]?.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        if (announced != pinnedFingerprint || hub.Port == 0 || hub.Addresses.Count == 0)
        {
            return null;
        }
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{hub.Addresses[0]}:{hub.Port}"));
    }
}
