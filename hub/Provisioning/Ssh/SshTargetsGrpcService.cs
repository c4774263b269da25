using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>gRPC: picontroller.api.v1.SshTargets, the same operations as REST, thin over <see cref="SshTargetService"/>.</summary>
internal sealed class SshTargetsGrpcService(SshTargetService targets, SshCheck check) : ApiV1.SshTargets.SshTargetsBase
{
    [ReadOnlyCall]
    public override Task<ApiV1.ListSshTargetsResponse> ListSshTargets(ApiV1.ListSshTargetsRequest request, ServerCallContext context)
    {
        var response = new ApiV1.ListSshTargetsResponse();
        response.Targets.AddRange(targets.List().Select(ToMessage));
        return Task.FromResult(response);
    }

    [ReadOnlyCall]
    public override Task<ApiV1.SshTarget> GetSshTarget(ApiV1.GetSshTargetRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(targets.Get(request.Name)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.SshTarget> AddSshTarget(ApiV1.AddSshTargetRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(targets.Add(new SshTargetCreateRequest(request.Name, request.Host, request.Port == 0 ? null : request.Port, request.User,
            Optional(request.PrivateKey), Optional(request.Password), Optional(request.SudoPassword), [.. request.Jumps]))));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.SshTarget> DeleteSshTarget(ApiV1.DeleteSshTargetRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(targets.Delete(request.Name)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.SshTarget> AcceptSshHostKey(ApiV1.AcceptSshHostKeyRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(targets.AcceptKey(request.Name, request.Fingerprint)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.CheckSshTargetResponse> CheckSshTarget(ApiV1.CheckSshTargetRequest request, ServerCallContext context)
    {
        var result = await check.RunAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
        var response = new ApiV1.CheckSshTargetResponse
        {
            Target = ToMessage(result.Target),
            Hostname = result.Hostname ?? "",
            Architecture = result.Architecture ?? "",
            RootError = result.RootError ?? "",
        };
        if (result.ClockSkewSeconds is { } skew)
        {
            response.ClockSkewSeconds = skew;
        }
        return response;
    }

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static ApiV1.SshTarget ToMessage(SshTarget target)
    {
        var message = new ApiV1.SshTarget
        {
            Name = target.Name,
            Host = target.Host,
            Port = target.Port,
            User = target.User,
            Auth = target.Auth,
            Sudo = target.Sudo,
            HostKeyAlgorithm = target.HostKey?.Algorithm ?? "",
            HostKeyFingerprint = target.HostKey?.Fingerprint ?? "",
            HostKeyPinnedAt = target.HostKey is { } key ? Timestamp.FromDateTimeOffset(key.PinnedAt) : null,
            CreatedAt = Timestamp.FromDateTimeOffset(target.CreatedAt),
        };
        message.Jumps.AddRange(target.Jumps);
        return message;
    }
}
