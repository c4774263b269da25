using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Adoption;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Audit;
using PiController.Hub.Discovery;
using PiController.Hub.Events;
using PiController.Hub.Hardware;
using PiController.Hub.Kube;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Upgrades;
using PiController.Hub.Nodes;
using PiController.Hub.Packaging;
using PiController.Hub.Provisioning.AgentTransport;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Snapshots;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Resources;
using PiController.Hub.Security;
using PiController.Hub.State;

namespace PiController.Hub.Hosting;

/// <summary><c>pi-controller serve</c>: composes the hub and runs it until SIGINT or SIGTERM.</summary>
internal static class HubServer
{
    public static WebApplication Build(HubOptions options, Action<WebApplicationBuilder>? configure = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        Directory.CreateDirectory(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var database = new HubDatabase(options.DatabasePath);
        database.Migrate();
        SecretBox secrets;
        CertificateAuthority ca;
        try
        {
            secrets = SecretBox.LoadOrCreate(options.DataDirectory);
            ca = CertificateAuthority.LoadOrCreate(options.DataDirectory, options.TlsSubjectAlternativeNames, time, secrets);
        }
        catch (InvalidOperationException e)
        {
            // A damaged or incomplete data directory: the message says what to restore, without a stack trace.
            throw new HubStartException($"cannot start: {e.Message}", e);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Two lines per refused request would let anonymous callers fill the journal; the failure limit warns once per address.
        builder.Logging.AddFilter(typeof(Security.BearerAuthenticationHandler).FullName, LogLevel.Warning);
        // Authentication registers data protection, but nothing the hub issues uses it (no cookies, no
        // antiforgery): keep its keys in memory only, so no key material is written anywhere in clear.
        builder.Services.AddSingleton<IDataProtectionProvider, EphemeralDataProtectionProvider>();
        builder.ConfigureHubKestrel(options.Address, options.Port, ca, time);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, Api.ApiJsonContext.Default);
            // The context's own options do not travel with its contracts: refuse unknown fields in bound bodies too.
            json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        // Binding failures are thrown and answered by RequestBodyMiddleware with a message naming the field.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        // The one error model's two edges: HubException to problem details (REST) and to a status (gRPC).
        builder.Services.TryAddSingleton<HubExceptionHandler>();
        builder.Services.AddExceptionHandler<HubExceptionHandler>();
        builder.Services.Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<HubExceptionInterceptor>());
        builder.Services.TryAddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(ca);
        builder.Services.AddSingleton(secrets);
        builder.Services.AddHubSecurity(new NodeCertificateOptions(options.NodeCertificateLifetime));
        builder.Services.AddAgents(new AgentLinkOptions(options.HeartbeatInterval, options.HelloTimeout, HubVersion.Current));
        builder.Services.AddNodes();
        builder.Services.AddAccessControl();
        builder.Services.AddAudit(new AuditLimits(options.AuditRetention, options.AuditMaxRows));
        builder.Services.AddDiscovery(options.Discovery, new MdnsAnnouncement(options.Port, HubVersion.Current));
        builder.Services.AddAptRepository(options.DataDirectory);
        builder.Services.AddEvents(new EventLimits(options.EventRetention, options.EventMaxRows));
        builder.Services.AddHardware(new HardwareEventLimits(options.HardwareEventsPerWindow, options.HardwareEventWindow));
        builder.Services.AddResources();
        builder.Services.AddK3sArtifacts(options.DataDirectory, new K3sArtifactLimits(options.K3sReleaseUrl, K3sArtifactLimits.DefaultMaxFileBytes));
        builder.Services.AddAgentTransport();
        builder.Services.AddClusters(ClusterRunnerOptions.Default);
        builder.Services.AddUpgrades(UpgradeOptions.Default);
        builder.Services.AddSnapshots();
        builder.Services.AddSshTargets(SshTransportOptions.Default);
        builder.Services.AddAdoption(AdoptionOptions.Default);
        builder.Services.AddKube(ClusterManagerOptions.Default);
        builder.Services.AddVersionApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAudit();
        app.UseFailureRateLimit();
        app.UseEvents();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodies();
        app.UseMiddleware<HubExceptionHandler>();
        app.MapCaCertificate();
        app.MapEnrollment();
        app.MapAgentLink();
        app.MapNodes();
        app.MapTokens();
        app.MapAudit();
        app.MapDiscovery();
        app.MapAptRepository();
        app.MapHardware();
        app.MapEvents();
        app.MapResources();
        app.MapK3sArtifacts();
        app.MapClusters();
        app.MapUpgrades();
        app.MapSnapshots();
        app.MapSshTargets();
        app.MapAdoption();
        app.MapKube();
        app.MapVersionApi();
        return app;
    }

    public static async Task<int> RunAsync(HubOptions options, CancellationToken cancellationToken)
    {
        await using var app = Build(options);
        var tokens = app.Services.GetRequiredService<ApiTokenStore>();
        var adminTokenPath = SecurityExtensions.EnsureAdminToken(tokens, options.DataDirectory);
        var joinTokenPath = SecurityExtensions.EnsureJoinToken(app.Services.GetRequiredService<JoinTokenStore>(), options.DataDirectory);
        app.Services.GetRequiredService<NodeStore>().MarkAllDisconnected();
        var registry = app.Services.GetRequiredService<AgentRegistry>();
        app.Lifetime.ApplicationStopping.Register(registry.CloseAll);

        var ca = app.Services.GetRequiredService<CertificateAuthority>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("pi-controller");
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("pi-controller {Version} listening on {Endpoint} (data {DataDirectory})", HubVersion.Current, SecurityExtensions.DescribeEndpoint(options.Address, options.Port), options.DataDirectory);
        logger.LogInformation("CA fingerprint (agents pin it): {Fingerprint}", ca.Fingerprint);
        if (ca.ServerReissued is { } reason)
        {
            logger.LogWarning("The server certificate on disk could not be used ({Reason}); a new one was issued by the CA", reason);
        }
        if (adminTokenPath is not null)
        {
            logger.LogInformation("First start: admin API token written to {Path} (mode 0600)", adminTokenPath);
        }
        if (joinTokenPath is not null)
        {
            logger.LogInformation("First start: a join token for agents written to {Path} (mode 0600)", joinTokenPath);
        }
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
