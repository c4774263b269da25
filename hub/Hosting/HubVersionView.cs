namespace PiController.Hub.Hosting;

/// <summary>GET /api/v1/version: the hub's release and the API it serves.</summary>
internal sealed record HubVersionView(string Version, string ApiVersion)
{
    public const string Api = "v1";

    public static HubVersionView Current { get; } = new(HubVersion.Current, Api);
}
