using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Api;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Resources;

/// <summary>
/// gRPC: picontroller.api.v1.Resources, the same operations as the REST resource collections, thin over
/// <see cref="ResourceService"/>; refusals become statuses in <see cref="HubExceptionInterceptor"/>.
/// </summary>
internal sealed class ResourcesGrpcService(ResourceService resources) : ApiV1.Resources.ResourcesBase
{
    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<ApiV1.Resource> CreateResource(ApiV1.CreateResourceRequest request, ServerCallContext context)
    {
        var record = await resources.CreateAsync(ResourceProtoMapping.ToDraft(request.Resource ?? new ApiV1.Resource()), request.DryRun, context.CancellationToken).ConfigureAwait(false);
        return ResourceProtoMapping.ToMessage(record, record.Status);
    }

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<ApiV1.ApplyResourceResponse> ApplyResource(ApiV1.ApplyResourceRequest request, ServerCallContext context)
    {
        var (result, record) = await resources.ApplyAsync(ResourceProtoMapping.ToDraft(request.Resource ?? new ApiV1.Resource()), request.DryRun, context.CancellationToken).ConfigureAwait(false);
        return new ApiV1.ApplyResourceResponse
        {
            Result = result.ToString().ToLowerInvariant(),
            Resource = ResourceProtoMapping.ToMessage(record, result == ApplyResult.Unchanged ? resources.Shown(record) : record.Status),
        };
    }

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<ApiV1.Resource> UpdateResource(ApiV1.UpdateResourceRequest request, ServerCallContext context)
    {
        var draft = ResourceProtoMapping.ToDraft(request.Resource ?? new ApiV1.Resource());
        var record = await resources.UpdateAsync(draft.Name ?? "", draft, request.DryRun, context.CancellationToken).ConfigureAwait(false);
        return ResourceProtoMapping.ToMessage(record, record.Status);
    }

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<ApiV1.DeleteResourceResponse> DeleteResource(ApiV1.DeleteResourceRequest request, ServerCallContext context)
    {
        await resources.DeleteAsync(Kind(request.Kind), request.Name, context.CancellationToken).ConfigureAwait(false);
        return new ApiV1.DeleteResourceResponse();
    }

    // Reads: a viewer may call them, and they are not audited.
    [ReadOnlyCall]
    public override Task<ApiV1.Resource> GetResource(ApiV1.GetResourceRequest request, ServerCallContext context)
    {
        var record = resources.Get(Kind(request.Kind), request.Name);
        return Task.FromResult(ResourceProtoMapping.ToMessage(record, resources.Shown(record)));
    }

    [ReadOnlyCall]
    public override Task<ApiV1.ListResourcesResponse> ListResources(ApiV1.ListResourcesRequest request, ServerCallContext context)
    {
        var response = new ApiV1.ListResourcesResponse();
        response.Resources.AddRange(resources.List(Kind(request.Kind), request.NodeId, request.Selector, request.NodeSelector)
            .Select(r => ResourceProtoMapping.ToMessage(r, resources.Shown(r))));
        return Task.FromResult(response);
    }

    private static ResourceKind Kind(string kind) => ResourceKinds.Parse(kind)
        ?? throw new HubException(HubErrorKind.Invalid, $"kind must be GPIOPin, PWMController or I2CDevice, got \"{TextRules.Excerpt(kind)}\"");
}
