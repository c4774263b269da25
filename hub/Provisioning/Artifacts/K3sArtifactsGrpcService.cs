using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>gRPC: picontroller.api.v1.K3sArtifacts, the same operations as REST (but the upload), thin over <see cref="K3sArtifactService"/>.</summary>
internal sealed class K3sArtifactsGrpcService(K3sArtifactService artifacts) : ApiV1.K3sArtifacts.K3sArtifactsBase
{
    [ReadOnlyCall]
    public override Task<ApiV1.ListK3sArtifactsResponse> ListK3sArtifacts(ApiV1.ListK3sArtifactsRequest request, ServerCallContext context)
    {
        var response = new ApiV1.ListK3sArtifactsResponse();
        response.Sets.AddRange(artifacts.List().Select(ToMessage));
        return Task.FromResult(response);
    }

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.DeleteK3sArtifactsResponse> DeleteK3sArtifacts(ApiV1.DeleteK3sArtifactsRequest request, ServerCallContext context)
    {
        var response = new ApiV1.DeleteK3sArtifactsResponse();
        response.Removed.AddRange(artifacts.Delete(request.Version, request.Arch).Select(ToMessage));
        return Task.FromResult(response);
    }

    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.K3sArtifactSet> FetchK3sArtifacts(ApiV1.FetchK3sArtifactsRequest request, ServerCallContext context)
    {
        var set = await artifacts.FetchAsync(new K3sFetchRequest(request.Version, string.IsNullOrEmpty(request.Arch) ? null : request.Arch, request.Images),
            context.CancellationToken).ConfigureAwait(false);
        return ToMessage(set);
    }

    private static ApiV1.K3sArtifactSet ToMessage(K3sArtifactSet set)
    {
        var message = new ApiV1.K3sArtifactSet
        {
            Version = set.Version,
            Arch = set.Arch,
            ImportedAt = Timestamp.FromDateTimeOffset(set.ImportedAt),
            Source = set.Source,
        };
        message.Files.AddRange(set.Files.Select(f => new ApiV1.K3sArtifactFile { Name = f.Name, Kind = f.Kind, Size = f.Size, Sha256 = f.Sha256 }));
        return message;
    }
}
