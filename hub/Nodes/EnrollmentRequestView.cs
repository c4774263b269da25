using PiController.Hub.Security;

namespace PiController.Hub.Nodes;

/// <summary>A waiting re-enrollment as the API shows it (<c>GET /api/v1/enrollments</c>, <c>nodes pending</c>).</summary>
internal sealed record EnrollmentRequestView(string NodeId, string PublicKeySha256, string Source, DateTimeOffset RequestedAt, bool Approved)
{
    public static EnrollmentRequestView From(EnrollmentRequest request) =>
        new(request.NodeId, request.PublicKeySha256, request.Source, request.RequestedAt, request.Approved);
}
