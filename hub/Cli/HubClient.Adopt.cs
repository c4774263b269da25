using PiController.Hub.Adoption;

namespace PiController.Hub.Cli;

/// <summary>Adoptions (/api/v1/adoptions): a Pi without an agent made an agent node over SSH.</summary>
internal sealed partial class HubClient
{
    private const string AdoptionsPath = "/api/v1/adoptions";

    /// <summary>Sends the credentials in the body of one TLS request; the hub checks the Pi, then answers while the steps run.</summary>
    public Task<AdoptionView> AdoptAsync(AdoptRequest request, CancellationToken cancellationToken) =>
        PostAsync(AdoptionsPath, request, HubJsonContext.Default.AdoptRequest, HubJsonContext.Default.AdoptionView, cancellationToken);

    public Task<AdoptionView> GetAdoptionAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{AdoptionsPath}/{Escape(name)}", HubJsonContext.Default.AdoptionView, cancellationToken);
}
