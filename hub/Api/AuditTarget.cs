namespace PiController.Hub.Api;

/// <summary>
/// What a change acted on, when the route does not say it (a created token's id, a gRPC call's node id), noted by the
/// endpoint that knows it and recorded by the audit log in place of the route's target.
/// Never a secret. It lives in Api, below every feature, so that any feature may note one.
/// </summary>
internal static class AuditTarget
{
    private const string Key = "pi-controller.audit.target";

    public static void Note(HttpContext context, string target) => context.Items[Key] = target;

    public static string? Of(HttpContext context) => context.Items[Key] as string;
}
