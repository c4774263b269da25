using PiController.Hub.Hosting;

namespace PiController.Hub.Cli;

/// <summary>The hub's version (/api/v1/version): any token may ask, so login checks a token with it.</summary>
internal sealed partial class HubClient
{
    /// <summary>The hub this client talks to.</summary>
    public Uri Hub => _settings.Hub;

    public Task<HubVersionView> GetVersionAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/v1/version", HubJsonContext.Default.HubVersionView, cancellationToken);
}
