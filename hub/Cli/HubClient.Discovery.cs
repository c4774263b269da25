using System.Globalization;
using PiController.Hub.Audit;
using PiController.Hub.Discovery;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>Discovered machines (/api/v1/discovery) and the audit log (/api/v1/audit).</summary>
internal sealed partial class HubClient
{
    private const string MachinesPath = "/api/v1/discovery/machines";

    public Task<IReadOnlyList<DiscoveredMachineView>> ListDiscoveredMachinesAsync(CancellationToken cancellationToken) =>
        GetAsync(MachinesPath, DiscoveryJsonContext.Default.IReadOnlyListDiscoveredMachineView, cancellationToken);

    public Task<ScanResultView> ScanAsync(string cidr, CancellationToken cancellationToken) =>
        PostAsync("/api/v1/discovery/scans", new ScanRequest(cidr), DiscoveryJsonContext.Default.ScanRequest, DiscoveryJsonContext.Default.ScanResultView, cancellationToken);

    public Task ApproveMachineAsync(long machine, string keyPrefix, CancellationToken cancellationToken) =>
        PostAsync($"{MachinesPath}/{machine}/approve", new ApproveEnrollmentRequest(keyPrefix), DiscoveryJsonContext.Default.ApproveEnrollmentRequest, cancellationToken);

    /// <summary>The newest <paramref name="limit"/> audit entries, optionally only those at or after <paramref name="since"/>.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"/api/v1/audit?limit={limit}");
        if (since is { } from)
        {
            query += "&since=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture));
        }
        return GetAsync(query, HubJsonContext.Default.IReadOnlyListAuditEntry, cancellationToken);
    }
}
