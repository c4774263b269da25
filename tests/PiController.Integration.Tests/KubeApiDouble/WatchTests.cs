using System.Text.Json.Nodes;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>Watches on the double, read from the wire as a client reads them.</summary>
public sealed class WatchTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task A_watch_from_a_version_older_than_the_kept_history_gets_an_ERROR_event_with_a_410_Expired_status()
    {
        await using var client = await DoubleClient.StartAsync();
        var created = await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"},"data":{"k":"1"}}""");
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"b"}}""");
        client.Host.Compact();

        using var watch = await client.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={Version(created)}");
        var (type, status) = await watch.ExpectAsync();

        Assert.Equal("ERROR", type);
        Assert.Equal("Status", status["kind"]!.ToString());
        Assert.Equal(410, status["code"]!.GetValue<int>());
        Assert.Equal("Expired", status["reason"]!.ToString());
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task A_watch_without_a_resource_version_starts_with_ADDED_for_each_current_object_then_follows_changes()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"b"}}""");

        using var watch = await client.WatchAsync($"{ConfigMaps}?watch=true");
        Assert.Equal(("ADDED", "a"), Named(await watch.ExpectAsync()));
        Assert.Equal(("ADDED", "b"), Named(await watch.ExpectAsync()));
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"c"}}""");
        Assert.Equal(("ADDED", "c"), Named(await watch.ExpectAsync()));
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_sees_every_later_change_in_order_and_nothing_before_it()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"before"}}""");
        var list = (await client.GetAsync(ConfigMaps)).Body;
        var from = Version(list);
        var a = await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"},"data":{"k":"1"}}""");
        a["data"]!["k"] = "2";
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PutAsync($"{ConfigMaps}/a", a)).Code);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/a")).Code);

        using var watch = await client.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={from}");
        var events = new[] { await watch.ExpectAsync(), await watch.ExpectAsync(), await watch.ExpectAsync() };

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("a", e.Object["metadata"]!["name"]!.ToString()));
        Assert.Equal("2", events[1].Object["data"]!["k"]!.ToString());
        var versions = events.Select(e => Version(e.Object)).ToList();
        Assert.True(versions.SequenceEqual(versions.Order()) && versions.Distinct().Count() == 3 && versions[0] > from, string.Join(",", versions));
    }

    [Fact]
    public async Task A_watch_that_allows_bookmarks_gets_a_BOOKMARK_carrying_the_latest_resource_version()
    {
        await using var client = await DoubleClient.StartAsync();
        client.Host.Store.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        var created = await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");

        using var watch = await client.WatchAsync($"{ConfigMaps}?watch=1&allowWatchBookmarks=true&resourceVersion={Version(created)}");
        var (type, bookmark) = await watch.ExpectAsync();

        Assert.Equal("BOOKMARK", type);
        Assert.Equal("ConfigMap", bookmark["kind"]!.ToString());
        Assert.Equal(Version(created), Version(bookmark));
    }

    [Fact]
    public async Task A_watch_with_a_label_selector_sees_an_object_that_stops_matching_as_DELETED_and_one_that_starts_as_ADDED()
    {
        await using var client = await DoubleClient.StartAsync();
        var list = (await client.GetAsync(ConfigMaps)).Body;
        using var watch = await client.WatchAsync($"{ConfigMaps}?watch=1&labelSelector=role%20in%20(web,db)&resourceVersion={Version(list)}");

        var a = await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a","labels":{"role":"cache"}}}""");
        a["metadata"]!["labels"]!["role"] = "web";
        await client.PutAsync($"{ConfigMaps}/a", a);
        var web = (await client.GetAsync($"{ConfigMaps}/a")).Body;
        web["metadata"]!["labels"]!["role"] = "batch";
        await client.PutAsync($"{ConfigMaps}/a", web);

        Assert.Equal(("ADDED", "a"), Named(await watch.ExpectAsync()));
        Assert.Equal(("DELETED", "a"), Named(await watch.ExpectAsync()));
    }

    [Fact]
    public async Task Dropping_watches_ends_every_open_watch_response()
    {
        await using var client = await DoubleClient.StartAsync();
        using var first = await client.WatchAsync($"{ConfigMaps}?watch=1");
        using var second = await client.WatchAsync("/api/v1/nodes?watch=1");
        await Eventually.TrueAsync(() => Task.FromResult(client.Host.OpenWatches == 2), TimeSpan.FromSeconds(30), "both watches open");

        client.Host.DropWatches();

        Assert.Null(await first.NextAsync());
        Assert.Null(await second.NextAsync());
        await Eventually.TrueAsync(() => Task.FromResult(client.Host.OpenWatches == 0), TimeSpan.FromSeconds(30), "no watch open");
    }

    [Fact]
    public async Task A_watch_with_timeoutSeconds_ends_by_itself()
    {
        await using var client = await DoubleClient.StartAsync();
        using var watch = await client.WatchAsync($"{ConfigMaps}?watch=1&timeoutSeconds=1");
        Assert.Null(await watch.NextAsync());
    }

    private static long Version(JsonObject obj) => long.Parse(obj["metadata"]!["resourceVersion"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private static (string, string) Named((string Type, JsonObject Object) watchEvent) => (watchEvent.Type, watchEvent.Object["metadata"]!["name"]!.ToString());
}
