using Grpc.Core;
using PiController.Hub.Audit;
using PiController.Protocol.Api;

namespace PiController.Hub.Hosting;

/// <summary>gRPC: picontroller.api.v1.HubInfo, the twin of GET /api/v1/version.</summary>
internal sealed class HubInfoGrpcService : HubInfo.HubInfoBase
{
    [ReadOnlyCall]
    public override Task<Protocol.Api.VersionInfo> GetVersion(GetVersionRequest request, ServerCallContext context) =>
        Task.FromResult(new Protocol.Api.VersionInfo { Version = HubVersionView.Current.Version, ApiVersion = HubVersionView.Current.ApiVersion });
}
