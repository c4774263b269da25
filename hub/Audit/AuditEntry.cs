namespace PiController.Hub.Audit;

/// <summary>
/// One change, or attempted change, to the hub: who (<c>token:&lt;id&gt; (&lt;name&gt;)</c>, <c>node:&lt;id&gt;</c> or
/// <c>anonymous</c>), from where, what (<c>DELETE /api/v1/nodes/{nodeId}</c>, <c>gRPC picontroller.api.v1.Nodes/PingNode</c>),
/// on what (<c>nodeId=pi-7</c>), when, and how it ended: HTTP status, gRPC status for gRPC calls, and
/// <c>ok</c>, <c>refused</c> (401, 403; gRPC UNAUTHENTICATED, PERMISSION_DENIED) or <c>failed</c>.
/// Refusals of callers without a valid token are aggregated: <see cref="Count"/> of the same attempt from the
/// same address within a minute, the last at <see cref="LastAt"/>.
/// </summary>
internal sealed record AuditEntry(
    long Id, DateTimeOffset At, string Actor, string SourceAddress, string Action, string Target, int Status, int? GrpcStatus, string Result,
    int Count = 1, DateTimeOffset? LastAt = null)
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Anonymous = "anonymous";
}
