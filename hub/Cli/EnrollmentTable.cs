using PiController.Hub.Cli.Output;
using PiController.Hub.Nodes;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>Enrollments waiting for approval (nodes pending): the key is the short sha256 that nodes approve --key takes.</summary>
internal static class EnrollmentTable
{
    public static readonly ObjectPrinter<EnrollmentRequestView> Printer = new("enrollment", r => r.NodeId, HubJsonContext.Default.EnrollmentRequestView,
    [
        new("NODE ID", r => r.NodeId),
        new("FROM", r => r.Source),
        new("REQUESTED", r => TextTable.Time(r.RequestedAt)),
        new("KEY SHA256", r => EnrollmentKeys.Short(r.PublicKeySha256)),
        new("STATE", r => r.Approved ? "approved (certificate on the agent's next try)" : "waiting"),
    ]);
}
