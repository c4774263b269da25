using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Discovery;

/// <summary>REST: /api/v1/discovery. Refusals are <see cref="HubException"/>s, answered by <see cref="HubExceptionHandler"/>.</summary>
internal static class DiscoveryApi
{
    public static RouteGroupBuilder MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/discovery").WithTags("discovery");
        group.MapGet("/machines", (DiscoveryService discovery) => TypedResults.Ok(discovery.List()));
        group.MapGet("/machines/{id:long}", (long id, DiscoveryService discovery) => TypedResults.Ok(discovery.Get(id) ?? throw NoSuchMachine(id)));
        group.MapPost("/scans", ScanAsync).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/machines/{id:long}/approve", Approve).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static async Task<IResult> ScanAsync(ScanRequest? request, DiscoveryService discovery, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Cidr))
        {
            throw new HubException(HubErrorKind.Invalid, "give the range to scan, for example {\"cidr\": \"192.168.1.0/24\"}");
        }
        return TypedResults.Ok(await discovery.ScanAsync(request.Cidr, cancellationToken).ConfigureAwait(false));
    }

    private static NoContent Approve(long id, ApproveEnrollmentRequest? request, DiscoveryService discovery)
    {
        var key = request?.PublicKeySha256;
        if (EnrollmentKeys.CheckPrefix(key) is { } problem)
        {
            throw new HubException(HubErrorKind.Invalid, $"{problem} (body: {{\"publicKeySha256\": \"...\"}})");
        }
        var (outcome, approval) = discovery.Approve(id, key!);
        return outcome switch
        {
            ApproveOutcome.Approved => TypedResults.NoContent(),
            ApproveOutcome.UnknownMachine => throw NoSuchMachine(id),
            ApproveOutcome.NoAgent => throw NothingToApprove($"machine {id} runs no agent (none announced itself); install one first"),
            ApproveOutcome.KeyNotWaiting => throw NothingToApprove(approval!.Problem(discovery.Get(id)?.NodeId ?? $"of machine {id}", key!.Trim())!),
            _ => throw NothingToApprove($"the agent of machine {id} is not waiting for approval; pi-controller nodes pending lists the waiting ones"),
        };
    }

    private static HubException NoSuchMachine(long id) =>
        new(HubErrorKind.NotFound, $"no discovered machine {id}; pi-controller discover lists them");

    private static HubException NothingToApprove(string detail) => new(HubErrorKind.Conflict, detail);
}
