using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// REST: /api/v1/ssh-targets. Reading needs any token (answers hold no secret); adding, removing and accepting a
/// host key, and checking a target (it connects, pins the key on first use and becomes root) are admin only: a target's credentials reach a root shell on the host.
/// </summary>
internal static class SshTargetsApi
{
    public static RouteGroupBuilder MapSshTargetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/ssh-targets").WithTags("ssh");
        group.MapGet("/", (SshTargetService targets) => TypedResults.Ok(targets.List()));
        group.MapGet("/{name}", (string name, SshTargetService targets) => TypedResults.Ok(targets.Get(name)));
        group.MapPost("/", Add).RequireAuthorization(HubPolicies.Admin);
        group.MapDelete("/{name}", Delete).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{name}/accept-key", AcceptKey).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{name}/check", CheckAsync).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static Created<SshTarget> Add(SshTargetCreateRequest request, SshTargetService targets, HttpContext http)
    {
        AuditTarget.Note(http, $"ssh-target={TextRules.Excerpt(request.Name, 63)}");
        var target = targets.Add(request);
        return TypedResults.Created($"/api/v1/ssh-targets/{target.Name}", target);
    }

    private static Ok<SshTarget> Delete(string name, SshTargetService targets, HttpContext http)
    {
        AuditTarget.Note(http, $"ssh-target={TextRules.Excerpt(name, 63)}");
        return TypedResults.Ok(targets.Delete(name));
    }

    private static async Task<Ok<SshCheckResult>> CheckAsync(string name, SshCheck check, HttpContext http)
    {
        AuditTarget.Note(http, $"ssh-target={TextRules.Excerpt(name, 63)}");
        return TypedResults.Ok(await check.RunAsync(name, http.RequestAborted).ConfigureAwait(false));
    }

    private static Ok<SshTarget> AcceptKey(string name, SshAcceptKeyRequest request, SshTargetService targets, HttpContext http)
    {
        AuditTarget.Note(http, $"ssh-target={TextRules.Excerpt(name, 63)} key={TextRules.Excerpt(request.Fingerprint, 60)}");
        return TypedResults.Ok(targets.AcceptKey(name, request.Fingerprint));
    }
}
