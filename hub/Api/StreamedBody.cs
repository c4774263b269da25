namespace PiController.Hub.Api;

/// <summary>
/// Endpoint metadata of a REST route that reads its own request body as a stream (an upload of hundreds of MB):
/// <see cref="RequestBodyMiddleware"/> leaves the body alone, and the route enforces its own size and format rules.
/// </summary>
internal sealed class StreamedBody
{
    public static readonly StreamedBody Instance = new();

    private StreamedBody()
    {
    }
}
