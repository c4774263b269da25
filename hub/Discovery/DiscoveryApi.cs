using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Discovery;

/// <summary>REST: /api/v1/discovery.</summary>
internal static class DiscoveryApi
{
    public static RouteGroupBuilder MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/discovery").WithTags("discovery");
        group.MapGet("/machines", (DiscoveryService discovery) => TypedResults.Ok(discovery.List()));
        group.MapGet("/machines/{id:long}", GetMachine);
        group.MapPost("/scans", ScanAsync).RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/machines/{id:long}/approve", Approve).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static Results<Ok<DiscoveredMachineView>, ProblemHttpResult> GetMachine(long id, DiscoveryService discovery) =>
        discovery.Get(id) is { } machine ? TypedResults.Ok(machine) : Problems.NotFound($"no discovered machine {id}; GET /api/v1/discovery/machines lists them");

    private static async Task<Results<Ok<ScanResultView>, ProblemHttpResult>> ScanAsync(ScanRequest? request, DiscoveryService discovery, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Cidr))
        {
            return Problems.Invalid("give the range to scan, for example {\"cidr\": \"192.168.1.0/24\"}");
        }
        try
        {
            return TypedResults.Ok(await discovery.ScanAsync(request.Cidr, cancellationToken).ConfigureAwait(false));
        }
        catch (ArgumentException e)
        {
            return Problems.Invalid(e.Message);
        }
    }

    private static Results<NoContent, ProblemHttpResult> Approve(long id, ApproveEnrollmentRequest? request, DiscoveryService discovery)
    {
        var key = request?.PublicKeySha256;
        if (EnrollmentKeys.CheckPrefix(key) is { } problem)
        {
            return Problems.Invalid($"{problem} (body: {{\"publicKeySha256\": \"...\"}})");
        }
        var (outcome, approval) = discovery.Approve(id, key!);
        return outcome switch
        {
            ApproveOutcome.Approved => TypedResults.NoContent(),
            ApproveOutcome.UnknownMachine => Problems.NotFound($"no discovered machine {id}; GET /api/v1/discovery/machines lists them"),
            ApproveOutcome.NoAgent => Conflict($"machine {id} runs no agent (none announced itself); install one first"),
            ApproveOutcome.KeyNotWaiting => Conflict(approval!.Problem(discovery.Get(id)?.NodeId ?? $"of machine {id}", key!.Trim())!),
            _ => Conflict($"the agent of machine {id} is not waiting for approval; GET /api/v1/enrollments lists the waiting ones"),
        };
    }

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Nothing to approve", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
