using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Selectors;
using PiController.KubeApiDouble.Storage;
using PiController.KubeApiDouble.Tables;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// A watch response: newline-delimited WatchEvents (ADDED, MODIFIED, DELETED) from resourceVersion on, or ADDED for
/// every current object first when none (or 0) is given; a selector's view of a change (an object leaving the
/// selection is DELETED for this watch); BOOKMARK every <see cref="ApiStore.BookmarkInterval"/> when
/// allowWatchBookmarks; an ERROR event with a 410 Expired Status for a version older than the history kept, as the
/// API server sends it; the end after timeoutSeconds, when the client goes, or on <see cref="ApiStore.DropWatches"/>.
/// </summary>
internal static class WatchStream
{
    public static async Task RunAsync(ApiRequest r)
    {
        var labels = LabelSelector.Parse(r.Query("labelSelector"));
        var fields = FieldSelector.Parse(r.Query("fieldSelector"), r.Kind);
        var from = Version(r.Query("resourceVersion"));
        var initialEvents = r.Flag("sendInitialEvents");
        if (initialEvents)
        {
            from = null;
        }
        var bookmarks = r.Flag("allowWatchBookmarks");
        var context = r.Context;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        // Headers go out now: a client waits for them before it counts the watch as open.
        await context.Response.Body.FlushAsync(context.RequestAborted);
        WatchSubscription subscription;
        List<StoredEvent> backlog;
        long latest;
        try
        {
            subscription = r.Store.Watch(r.Kind, from, out backlog, out latest);
        }
        catch (ApiStatusException expired)
        {
            await SendAsync(r, "ERROR", expired.ToStatus());
            return;
        }
        using var _ = subscription;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, r.Store.Dropping);
        if (int.TryParse(r.Query("timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            ending.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        try
        {
            foreach (var change in backlog)
            {
                latest = Math.Max(latest, change.Version);
                await ForwardAsync(r, change, labels, fields);
            }
            if (initialEvents && bookmarks)
            {
                await BookmarkAsync(r, latest, initialEventsEnd: true);
            }
            while (!ending.IsCancellationRequested)
            {
                var next = subscription.Changes.WaitToReadAsync(ending.Token).AsTask();
                if (bookmarks && await Task.WhenAny(next, Task.Delay(r.Store.BookmarkInterval, ending.Token)) != next)
                {
                    await BookmarkAsync(r, latest, initialEventsEnd: false);
                    continue;
                }
                if (!await next)
                {
                    return;
                }
                while (subscription.Changes.TryRead(out var change))
                {
                    latest = change.Version;
                    await ForwardAsync(r, change, labels, fields);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ends: its timeout, the client leaving, or DropWatches.
        }
    }

    private static long? Version(string? text)
    {
        if (string.IsNullOrEmpty(text) || text == "0")
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw ApiStatusException.BadRequest($"invalid resourceVersion \"{text}\": give one from a list or an earlier watch event");
    }

    private static Task ForwardAsync(ApiRequest r, StoredEvent change, LabelSelector labels, FieldSelector fields)
    {
        bool Selected(JsonObject? obj) => obj is not null && (r.Namespace is null || Meta.Namespace(obj) == r.Namespace) && labels.Matches(Meta.Labels(obj)) && fields.Matches(obj);
        var now = Selected(change.Object);
        var type = change.Type switch
        {
            "MODIFIED" when now && !Selected(change.Previous) => "ADDED",
            "MODIFIED" when !now && Selected(change.Previous) => "DELETED",
            _ when now => change.Type,
            _ => null,
        };
        if (type is null)
        {
            return Task.CompletedTask;
        }
        var shown = r.WantsTable ? TableView.Build(r, [change.Object], Meta.Text(change.Object, "resourceVersion") ?? "") : ResourceHandler.Present(r, change.Object);
        return SendAsync(r, type, shown);
    }

    private static Task BookmarkAsync(ApiRequest r, long version, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        return SendAsync(r, "BOOKMARK", new JsonObject { ["kind"] = r.Kind.Kind, ["apiVersion"] = r.ApiVersion, ["metadata"] = metadata });
    }

    private static async Task SendAsync(ApiRequest r, string type, JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        await r.Context.Response.Body.WriteAsync(buffer.WrittenMemory, r.Context.RequestAborted);
        await r.Context.Response.Body.FlushAsync(r.Context.RequestAborted);
    }
}
