using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Api;

/// <summary>
/// Reads a request body with the source-generated contract and turns every way it can be wrong (empty, not
/// JSON, a field that does not exist, a value of the wrong type) into one sentence naming the place, for a
/// problem-details answer. Model binding would answer these with a bare 400.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 1 << 20;

    public static async Task<(T? Value, string? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBytes)
        {
            return (default, $"the body is {request.ContentLength} bytes; at most {MaxBytes} are accepted");
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return (default, "the body is empty; send a JSON document");
        }
        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? (default, "the body is JSON null; send a JSON object") : (value, null);
        }
        catch (JsonException e)
        {
            return (default, Describe(e));
        }
    }

    public static string Describe(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the document" : e.Path;
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown field {where}; check its spelling against the documented fields";
        }
        var line = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"{where} has a value of the wrong type{line}";
        }
        return $"malformed JSON at {where}{line}: {e.Message.Split(". ", 2)[0].TrimEnd('.')}";
    }
}
