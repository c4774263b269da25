using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Api;

/// <summary>
/// Reads a request body with the source-generated contract and turns every way it can be wrong (empty, not
/// JSON, too large, a field that does not exist, a value of the wrong type) into one sentence naming the place,
/// for a problem-details answer. Model binding would answer these with a bare 400. No message quotes the body.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 1 << 20;

    public static readonly string TooLarge = $"the body is larger than {MaxBytes} bytes (1 MiB), the most this API accepts; send a smaller document";

    public static async Task<(T? Value, string? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (default, TooLarge);
        }
        if (body.Length == 0)
        {
            return (default, "the body is empty; send a JSON document");
        }
        try
        {
            var value = JsonSerializer.Deserialize(body, type);
            return value is null ? (default, "the body is JSON null; send a JSON object") : (value, null);
        }
        catch (JsonException e)
        {
            return (default, Describe(e, body, type));
        }
    }

    /// <summary>The body as <typeparamref name="T"/>; refused (<see cref="HubErrorKind.Invalid"/>) with what is wrong with it.</summary>
    public static async Task<T> RequireAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var (value, problem) = await ReadAsync(request, type, cancellationToken).ConfigureAwait(false);
        return problem is null ? value! : throw new HubException(HubErrorKind.Invalid, problem);
    }

    /// <summary>
    /// The whole body, or null when it is larger than <see cref="MaxBytes"/>. The limit holds while reading: a
    /// chunked body has no Content-Length, and one that says less than it sends is cut off by the server.
    /// </summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBytes)
        {
            return null;
        }
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// What is wrong with <paramref name="document"/>, which <paramref name="e"/> refused, decided by what the
    /// document is and where the path leads in <paramref name="target"/> (never by the exception's wording): not
    /// well-formed JSON, a field the contract does not have, or a value of the wrong type. Without a target, a
    /// well-formed document's problem is told as a value that does not fit.
    /// </summary>
    public static string Describe(JsonException e, ReadOnlySpan<byte> document, JsonTypeInfo? target)
    {
        // The path holds the caller's property names: quoted in part only.
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the document" : TextRules.Excerpt(e.Path, 80);
        var line = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (!IsWellFormed(document))
        {
            return $"malformed JSON at {where}{line}: {TextRules.Excerpt(e.Message.Split(". ", 2)[0].TrimEnd('.'), 120)}";
        }
        if (target is not null && JsonPathSchema.NamesUnknownMember(target, e.Path))
        {
            return $"unknown field {where}; check its spelling against the documented fields";
        }
        return $"{where} has a value of the wrong type{line}";
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> document)
    {
        try
        {
            var reader = new Utf8JsonReader(document, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
