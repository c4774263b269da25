using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>Join tokens (/api/v1/tokens) and API tokens (/api/v1/api-tokens).</summary>
internal sealed partial class HubClient
{
    public Task<ApiTokenCreated> CreateApiTokenAsync(ApiTokenCreateRequest request, CancellationToken cancellationToken) =>
        PostAsync("/api/v1/api-tokens", request, HubJsonContext.Default.ApiTokenCreateRequest, HubJsonContext.Default.ApiTokenCreated, cancellationToken);

    public Task<JoinTokenCreated> CreateJoinTokenAsync(JoinTokenCreateRequest request, CancellationToken cancellationToken) =>
        PostAsync("/api/v1/tokens", request, HubJsonContext.Default.JoinTokenCreateRequest, HubJsonContext.Default.JoinTokenCreated, cancellationToken);

    public Task<IReadOnlyList<ApiTokenView>> ListApiTokensAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/v1/api-tokens", HubJsonContext.Default.IReadOnlyListApiTokenView, cancellationToken);

    public Task<IReadOnlyList<JoinTokenView>> ListJoinTokensAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/v1/tokens", HubJsonContext.Default.IReadOnlyListJoinTokenView, cancellationToken);

    public Task RevokeApiTokenAsync(string id, CancellationToken cancellationToken) =>
        DeleteAsync($"/api/v1/api-tokens/{Escape(id)}", cancellationToken);

    public Task RevokeJoinTokenAsync(string id, CancellationToken cancellationToken) =>
        DeleteAsync($"/api/v1/tokens/{Escape(id)}", cancellationToken);
}
