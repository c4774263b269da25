using Microsoft.Extensions.Logging;

namespace PiController.Agent.Discovery;

/// <summary>
/// Looks for the hub again by mDNS when the one found at start stops answering (a new DHCP lease, a moved
/// hub). Only for a hub that was found by mDNS: an address from the configuration is the operator's and stays.
/// Each look is bounded, so a hub that is only down is dialled again at its old address in the meantime.
/// </summary>
internal sealed class HubRediscovery(Func<CancellationToken, Task<Uri?>> browse, TimeProvider time, ILogger logger, int failuresBeforeBrowse = 5)
{
    private static readonly TimeSpan BrowseFor = TimeSpan.FromSeconds(10);

    /// <summary>How many attempts in a row must fail to reach the hub before it is looked for again.</summary>
    public int FailuresBeforeBrowse { get; } = failuresBeforeBrowse > 0
        ? failuresBeforeBrowse
        : throw new ArgumentOutOfRangeException(nameof(failuresBeforeBrowse), failuresBeforeBrowse, "must be at least 1");

    /// <summary>The hub's new address, or null when mDNS shows it at <paramref name="current"/> or not at all.</summary>
    public async Task<Uri?> BrowseAsync(Uri current, int failures, CancellationToken stopping)
    {
        logger.LogInformation("Hub {Hub} unreachable {Failures} times in a row; looking for it again by mDNS", current, failures);
        using var bounded = new CancellationTokenSource(BrowseFor, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, bounded.Token);
        Uri? found;
        try
        {
            found = await browse(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            found = null;
        }
        if (stopping.IsCancellationRequested)
        {
            return null;
        }
        if (found is null || found == current)
        {
            logger.LogInformation("mDNS shows no other address for the hub; dialling {Hub} again", current);
            return null;
        }
        logger.LogWarning("Found the hub by mDNS at a new address {Hub} (was {Previous}); its CA is still checked against the pin", found, current);
        return found;
    }
}
