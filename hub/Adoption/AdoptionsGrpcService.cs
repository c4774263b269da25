using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Adoption;

/// <summary>gRPC: picontroller.api.v1.Adoptions, the same operations as REST, thin over <see cref="AdoptionService"/>; admin only.</summary>
[Authorize(Policy = HubPolicies.Admin)]
internal sealed class AdoptionsGrpcService(AdoptionService adoptions) : ApiV1.Adoptions.AdoptionsBase
{
    public override async Task<ApiV1.Adoption> AdoptNode(ApiV1.AdoptNodeRequest request, ServerCallContext context)
    {
        var adopt = new AdoptRequest(request.Host, request.Port == 0 ? null : request.Port, request.User, Optional(request.PrivateKey), Optional(request.Password),
            Optional(request.SudoPassword), Optional(request.Jump), Optional(request.Name));
        var http = context.GetHttpContext();
        return ToMessage(await adoptions.StartAsync(adopt, AdoptionsApi.HubAddress(http), context.CancellationToken).ConfigureAwait(false));
    }

    public override Task<ApiV1.Adoption> GetAdoption(ApiV1.GetAdoptionRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(adoptions.Get(request.Name)));

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static ApiV1.Adoption ToMessage(AdoptionView view) => new()
    {
        Name = view.Name,
        Address = view.Address,
        HostKey = view.HostKey,
        TargetCreated = view.TargetCreated,
        Architecture = view.Architecture,
        Hostname = view.Hostname,
        NodeId = view.NodeId,
        State = view.State,
        Step = view.Step,
        Error = view.Error ?? "",
        NextAction = view.NextAction ?? "",
        StartedAt = Timestamp.FromDateTimeOffset(view.StartedAt),
        FinishedAt = view.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
    };
}
