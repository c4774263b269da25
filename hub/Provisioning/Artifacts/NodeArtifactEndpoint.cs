using PiController.Hub.Agents;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// <c>GET /agent/v1/artifacts/{sha256}</c>: a kept K3s file, by its SHA-256, to an enrolled node. No API token: the
/// caller presents the client certificate its agent got at enrollment, checked by the agent link's own admission
/// (<see cref="IAgentAdmission"/>), so a removed or revoked node is refused as on the link. Served with Range
/// support, so an interrupted download resumes. The agent checks the SHA-256 again on arrival.
/// </summary>
internal static partial class NodeArtifactEndpoint
{
    public const string Prefix = "/agent/v1/artifacts";

    public static IEndpointRouteBuilder MapNodeArtifacts(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Prefix + "/{sha256}", [HttpMethods.Get, HttpMethods.Head], Serve).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.PhysicalFileHttpResult Serve(string sha256, HttpContext http, IAgentAdmission admission, K3sArtifactStore store, ILoggerFactory logs)
    {
        var certificate = http.Connection.ClientCertificate
            ?? throw new HubException(HubErrorKind.Unauthenticated,
                "K3s artifacts are served to enrolled nodes only: connect with the client certificate the agent got at enrollment");
        string nodeId;
        try
        {
            nodeId = admission.Authorize(certificate);
        }
        catch (AgentRefusedException e)
        {
            throw new HubException(HubErrorKind.Unauthenticated, e.Message);
        }
        if (sha256.Length != 64 || !sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new HubException(HubErrorKind.Invalid, "an artifact is named by its SHA-256: 64 lower-case hex digits");
        }
        var found = store.Find(sha256)
            ?? throw new HubException(HubErrorKind.NotFound, $"the hub keeps no K3s file with SHA-256 {sha256[..16]}...; pi-controller k3s ls lists what it keeps");
        Served(logs.CreateLogger("PiController.Hub.Provisioning"), nodeId, found.File.Name, found.Set.Version, found.Set.Arch);
        return TypedResults.PhysicalFile(found.Path, "application/octet-stream", enableRangeProcessing: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} downloads {File} of K3s {Version} ({Arch})")]
    private static partial void Served(ILogger logger, string nodeId, string file, string version, string arch);
}
