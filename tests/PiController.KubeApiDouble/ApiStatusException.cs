using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble;

/// <summary>
/// A request the double refuses, as the API server would: the HTTP code, the Status reason (NotFound, AlreadyExists,
/// Conflict, Invalid, Expired, TooManyRequests...) and message, and the details (name, kind, causes) of a
/// <c>metav1.Status</c>.
/// </summary>
public sealed class ApiStatusException : Exception
{
    public ApiStatusException(int code, string reason, string message, JsonObject? details = null) : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiStatusException()
    {
        Reason = "InternalError";
    }

    public ApiStatusException(string message) : base(message)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public ApiStatusException(string message, Exception innerException) : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    /// <summary>The <c>Status</c> object the API answers with.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }
        status["code"] = Code;
        return status;
    }

    internal static ApiStatusException NotFound(string resource, string group, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", Named(resource, group, name));

    internal static ApiStatusException AlreadyExists(string resource, string group, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", Named(resource, group, name));

    internal static ApiStatusException Conflict(string resource, string group, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": {why}", Named(resource, group, name));

    internal static ApiStatusException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>422 Invalid: <paramref name="causes"/> are (field path, message) pairs, as field.ErrorList reports them.</summary>
    internal static ApiStatusException Invalid(string kind, string group, string name, IReadOnlyList<(string Field, string Type, string Message)> causes)
    {
        var details = Named(null, group, name);
        details["kind"] = kind;
        details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Type, ["message"] = c.Message, ["field"] = c.Field }).ToArray());
        var list = string.Join(", ", causes.Select(c => c.Field + ": " + c.Message));
        var message = $"{kind}.{group} \"{name}\" is invalid: " + (causes.Count == 1 ? list : "[" + list + "]");
        if (group.Length == 0)
        {
            message = $"{kind} \"{name}\" is invalid: " + (causes.Count == 1 ? list : "[" + list + "]");
        }
        return new ApiStatusException(422, "Invalid", message, details);
    }

    private static string Qualified(string resource, string group) => group.Length == 0 ? resource : resource + "." + group;

    private static JsonObject Named(string? resource, string group, string name)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = group };
        if (resource is not null)
        {
            details["kind"] = resource;
        }
        return details;
    }
}
