namespace PiController.Hub.Kube.Client;

/// <summary>
/// The typed client's last handler: a refused request becomes <see cref="KubeApiException"/> and a server that cannot
/// be reached <see cref="KubeUnreachableException"/>, as for the raw requests, so parts handle one set of errors.
/// </summary>
internal sealed class KubeErrorHandler(KubeApi api) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new KubeUnreachableException($"cannot reach the Kubernetes API of cluster {api.Cluster} at {api.Server}: {e.InnerException?.Message ?? e.Message}", e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw KubeStatus.FromBody(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
    }
}
