using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PiController.K3sStandIn.Api;

/// <summary>A failed answer as the Kubernetes API writes it: a meta/v1 Status with code, reason and message.</summary>
internal static class ApiStatus
{
    public static Task WriteAsync(HttpContext context, int code, string reason, string message)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(status.ToJsonString(), context.RequestAborted);
    }
}
