using System.Text.Json.Nodes;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>The newline-delimited WatchEvents of one watch response, read one at a time (bounded).</summary>
internal sealed class WatchReader(HttpResponseMessage response) : IDisposable
{
    private StreamReader? reader;

    /// <summary>The next event (type, object), or null when the double ended the response.</summary>
    public async Task<(string Type, JsonObject Object)?> NextAsync(TimeSpan? timeout = null)
    {
        reader ??= new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var line = await reader.ReadLineAsync(cancel.Token);
        if (line is null)
        {
            return null;
        }
        var watchEvent = JsonNode.Parse(line)!.AsObject();
        return (watchEvent["type"]!.ToString(), watchEvent["object"]!.AsObject());
    }

    /// <summary>The next event, which must be there.</summary>
    public async Task<(string Type, JsonObject Object)> ExpectAsync() =>
        await NextAsync() ?? throw new InvalidOperationException("the watch ended where an event was expected");

    public void Dispose()
    {
        reader?.Dispose();
        response.Dispose();
    }
}
