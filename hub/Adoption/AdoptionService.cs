using System.Net;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Packaging;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;

namespace PiController.Hub.Adoption;

/// <summary>
/// Adopt: turns a Pi reached over SSH into an agent node. Before anything changes on the Pi it creates (or reuses)
/// the ssh target, connects (pinning the host key on first use), checks that steps can become root, reads the Pi's
/// architecture and node id, and refuses when the hub's apt repository has no agent package for it or the node is an
/// agent node already. Then, in the background, it runs <see cref="AdoptionScripts.Steps"/> with a join token made
/// for this adoption only (single use, short-lived, revoked when the adoption fails) and waits, bounded, until the
/// node is connected. Each step is an event; <see cref="AdoptionRuns"/> answers where it stands.
/// </summary>
internal sealed class AdoptionService(SshTargetService targets, SshTargetStore store, SshTransportProvider transports, AptRepository apt,
    CertificateAuthority ca, JoinTokenStore tokens, AgentRegistry agents, AdoptionRuns runs, AdoptionRunner runner, TimeProvider time)
{
    /// <param name="request">The Pi and its credentials.</param>
    /// <param name="hub">The hub's URL as the admin reached it: the Pi reaches the hub there too.</param>
    /// <param name="cancellationToken">Ends the checks (not the adoption once it runs).</param>
    public async Task<AdoptionView> StartAsync(AdoptRequest request, Uri hub, CancellationToken cancellationToken)
    {
        var name = request.Name ?? request.Host;
        if (request.Name is null && (name is not { Length: > 0 } || name.Contains(':', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal)))
        {
            throw new HubException(HubErrorKind.Invalid, $"\"{TextRules.Excerpt(name, 40)}\" cannot name an ssh target; give one: pi-controller adopt {TextRules.Excerpt(name, 40)} --name pi-01 ...");
        }
        name = SshTargetService.CheckName(name);
        CheckHub(hub);
        var now = time.GetUtcNow();
        runs.Reserve(AdoptionView.Checking(name, SshTarget.AddressOf(request.User, request.Host, request.Port ?? 22), now));
        var created = false;
        try
        {
            (var target, created) = Target(name, request);
            var transport = (SshTransport)await Open(target, cancellationToken).ConfigureAwait(false);
            try
            {
                var facts = await CheckAsync(transport, target, cancellationToken).ConfigureAwait(false);
                var pinned = store.Get(name) ?? target;
                var token = tokens.Create($"adopt {name}", runner.Options.TokenLifetime, maxUses: 1);
                var view = new AdoptionView(name, pinned.Address, pinned.HostKey?.ToString() ?? "", created, facts.Architecture, facts.Hostname, facts.NodeId!,
                    AdoptionStates.Running, "starting", null, null, now, null);
                runs.Set(view);
                var inputs = new AdoptionInputs(hub, ca.Certificate.ExportCertificatePem() + "\n", apt.Key.ExportArmoredPublicKey(), token);
                runner.Start(view, transport, AdoptionScripts.Steps(inputs), token);
                return view;
            }
            catch
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            runs.Forget(name);
            if (created)
            {
                // Nothing changed on the Pi: the target made for it goes too, so the next try can bring other credentials.
                store.Delete(name);
            }
            throw;
        }
    }

    public AdoptionView Get(string? name) => runs.Get(SshTargetService.CheckName(name));

    private void CheckHub(Uri hub)
    {
        if (hub.Host == "localhost" || (IPAddress.TryParse(hub.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))
        {
            throw new HubException(HubErrorKind.Invalid,
                $"the hub was reached at {hub.Host}, which the Pi cannot reach; run adopt against an address of the hub the Pi reaches (pi-controller --hub https://HUB:{hub.Port} adopt ...)");
        }
        if (!ca.ServerCertificate.MatchesHostname(hub.DnsSafeHost))
        {
            throw new HubException(HubErrorKind.Precondition,
                $"the hub's TLS certificate does not name {hub.DnsSafeHost}, so apt on the Pi would refuse the hub's repository; " +
                $"serve the hub with --tls-san {hub.DnsSafeHost} (it reissues its certificate), or adopt through a name it has");
        }
    }

    /// <summary>The target of that name when it has this address (its stored credentials are used), else a new one with the credentials given.</summary>
    private (SshTarget Target, bool Created) Target(string name, AdoptRequest request)
    {
        var port = request.Port ?? SshTargetService.DefaultPort;
        if (store.Get(name) is { } existing)
        {
            if (existing.Host != request.Host || existing.Port != port || existing.User != request.User)
            {
                throw new HubException(HubErrorKind.Conflict,
                    $"the ssh target {name} is {existing.Address}, not {SshTarget.AddressOf(request.User, request.Host, port)}; give another --name, or remove it first: pi-controller ssh rm {name}");
            }
            return (existing, false);
        }
        if (request.PrivateKey is null && request.Password is null)
        {
            throw new HubException(HubErrorKind.Invalid, $"no ssh target {name} yet: give its credentials once, --key FILE or --password-stdin");
        }
        return (targets.Add(new SshTargetCreateRequest(name, request.Host, port, request.User, request.PrivateKey, request.Password, request.SudoPassword,
            request.Jump is null ? [] : [request.Jump])), true);
    }

    private async Task<INodeTransport> Open(SshTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await transports.OpenAsync(new NodeTarget(NodeTransportKind.Ssh, target.Name), cancellationToken).ConfigureAwait(false);
        }
        catch (NodeUnreachableException e)
        {
            throw new HubException(HubErrorKind.Unavailable, e.Message);
        }
    }

    /// <summary>Everything that can refuse the adoption, before anything on the Pi changes.</summary>
    private async Task<AdoptionFacts> CheckAsync(SshTransport transport, SshTarget target, CancellationToken cancellationToken)
    {
        if (await transport.CheckRootAsync(cancellationToken).ConfigureAwait(false) is { } rootError)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"{target.Address}: {rootError}; adopt needs root: a sudo password (--sudo-password-stdin), NOPASSWD sudo, or --user root");
        }
        var run = await transport.RunScriptAsync(AdoptionScripts.FactsScript, asRoot: false, null, cancellationToken).ConfigureAwait(false);
        var facts = AdoptionFacts.Parse(run.Output);
        if (facts.Architecture.Length == 0)
        {
            throw new HubException(HubErrorKind.Precondition, $"{target.Address} has no dpkg (dpkg --print-architecture printed nothing); adopt needs Raspberry Pi OS or another Debian");
        }
        apt.Refresh();
        var packages = apt.Packages().Where(p => p.Name == AdoptionScripts.Package).ToList();
        if (!packages.Any(p => p.Architecture == facts.Architecture || p.Architecture == "all"))
        {
            var have = packages.Count == 0 ? "none" : string.Join(", ", packages.Select(p => p.Architecture).Distinct().Order(StringComparer.Ordinal));
            throw new HubException(HubErrorKind.Precondition,
                $"the hub's apt repository has no {AdoptionScripts.Package} for {facts.Architecture} (it has: {have}); nothing was changed on {target.Address}. " +
                $"Add it, then adopt again: pi-controller apt add {AdoptionScripts.Package}_VERSION_{facts.Architecture}.deb");
        }
        if (facts.NodeId is null)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"{target.Address} has no board serial number and no /etc/machine-id, so its agent could not tell which node it is; run systemd-machine-id-setup there, then adopt again");
        }
        if (agents.IsConnected(facts.NodeId))
        {
            throw new HubException(HubErrorKind.Conflict, $"{target.Address} is node {facts.NodeId}, an agent node already connected (pi-controller nodes get {facts.NodeId})");
        }
        return facts;
    }
}
