using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PiController.KubeApiDouble.Http;

/// <summary>Writes JSON answers and Status failures, as the API server's responses look.</summary>
internal static class JsonOutput
{
    public static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    public static Task FailAsync(HttpContext context, ApiStatusException failure) => WriteAsync(context, failure.Code, failure.ToStatus());

    public static Task TextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>The request body as a JSON object (YAML for server-side apply).</summary>
    /// <exception cref="ApiStatusException">400: not a JSON (or YAML) object.</exception>
    public static async Task<JsonNode> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        var text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart();
        try
        {
            if (text.Length > 0 && text[0] is not ('{' or '[') && context.Request.ContentType?.Contains("yaml", StringComparison.Ordinal) == true)
            {
                return YamlJson.Parse(text);
            }
            return JsonNode.Parse(bytes) ?? throw ApiStatusException.BadRequest("the request body is empty: send the object as JSON");
        }
        catch (JsonException e)
        {
            throw ApiStatusException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadBodyAsync(context) as JsonObject ?? throw ApiStatusException.BadRequest("the request body must be a JSON object");
}
