using System.Text;
using Grpc.Core;

namespace PiController.Hub.Api;

/// <summary>
/// Refusals written by middleware before a gRPC method runs (authentication, the failure limit). A gRPC client
/// reads a bare HTTP 401 or 429 as "Received HTTP status code 401" and loses the message, so a request with an
/// <c>application/grpc</c> content type gets a trailers-only response instead: HTTP 200 with <c>grpc-status</c>
/// and <c>grpc-message</c> in the headers, as the gRPC over HTTP/2 protocol describes.
/// </summary>
internal static class GrpcTrailersOnly
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static void Write(HttpResponse response, StatusCode status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = EncodeMessage(message);
    }

    /// <summary>
    /// The grpc-message encoding: UTF-8, then each byte outside 0x20-0x7E, and '%' itself, as %XX. Everything else
    /// stays as it is (spaces and ';' included), so clients show the message as written.
    /// </summary>
    public static string EncodeMessage(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(Convert.ToHexString([b]));
            }
        }
        return text.ToString();
    }
}
