using System.Net;
using System.Text.Json.Nodes;
using PiController.KubeApiDouble;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>The double's store: persistence across a restart, selectors, cascades, discovery of what CRDs add.</summary>
public sealed class StoreTests
{
    [Fact]
    public void Objects_and_the_resources_their_CRDs_define_survive_a_restart_from_the_persist_file()
    {
        using var directory = new TempDirectory();
        var file = directory.File("store.json");
        using var first = new ApiStore(file);
        first.Create(Crd());
        first.Create(JsonNode.Parse($$$$"""{"apiVersion":"{{{{TestCrd.Group}}}}/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"size":3}}""")!.AsObject());
        var version = first.ResourceVersion;
        first.Flush();

        using var second = new ApiStore(file);

        Assert.Equal(version, second.ResourceVersion);
        Assert.Equal(3, second.Get($"{TestCrd.Group}/v1", "Widget", "default", "w")!["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], second.List("v1", "Namespace").Select(n => n["metadata"]!["name"]!.ToString()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Null(second.PersistError);
    }

    [Fact]
    public async Task A_list_filters_by_label_selector_and_by_the_fields_the_API_server_indexes()
    {
        await using var client = await DoubleClient.StartAsync();
        const string Pods = "/api/v1/namespaces/default/pods";
        await client.CreateAsync(Pods, """{"metadata":{"name":"a","labels":{"tier":"web","env":"prod"}},"spec":{"nodeName":"n1","containers":[]}}""");
        await client.CreateAsync(Pods, """{"metadata":{"name":"b","labels":{"tier":"db"}},"spec":{"nodeName":"n2","containers":[]}}""");
        await client.CreateAsync(Pods, """{"metadata":{"name":"c"},"spec":{"nodeName":"n1","containers":[]}}""");

        async Task<string> Names(string query) =>
            string.Join(",", (await client.GetAsync($"{Pods}?{query}")).Body["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.ToString()));

        Assert.Equal("a,b", await Names("labelSelector=tier"));
        Assert.Equal("c", await Names("labelSelector=!tier"));
        Assert.Equal("a", await Names("labelSelector=tier%20in%20(web,cache),env=prod"));
        Assert.Equal("b,c", await Names("labelSelector=tier%20notin%20(web)"));
        Assert.Equal("b,c", await Names("labelSelector=tier!=web"));
        Assert.Equal("a,c", await Names("fieldSelector=spec.nodeName=n1"));
        Assert.Equal("c", await Names("fieldSelector=spec.nodeName=n1,metadata.name!=a"));
        var (code, status) = await client.GetAsync($"{Pods}?fieldSelector=spec.image=x");
        Assert.Equal((HttpStatusCode.BadRequest, "field label not supported: spec.image"), (code, status["message"]!.ToString()));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_is_in_it_and_creating_in_a_missing_namespace_is_404()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"team"}}""");
        await client.CreateAsync("/api/v1/namespaces/team/configmaps", """{"metadata":{"name":"a"}}""");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/team")).Code);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/namespaces/team/configmaps/a")).Code);
        var (code, status) = await client.PostAsync("/api/v1/namespaces/team/configmaps", JsonNode.Parse("""{"metadata":{"name":"b"}}""")!);
        Assert.Equal((HttpStatusCode.NotFound, "namespaces \"team\" not found"), (code, status["message"]!.ToString()));
    }

    [Fact]
    public async Task Discovery_lists_a_CRDs_group_and_resource_once_it_is_established_and_forgets_them_when_it_is_deleted()
    {
        await using var client = await DoubleClient.StartAsync();
        var groups = (await client.GetAsync("/apis")).Body["groups"]!.AsArray().Select(g => g!["name"]!.ToString()).ToList();
        Assert.Equal(["apiextensions.k8s.io", "coordination.k8s.io", "policy"], groups);

        await client.InstallWidgetCrdAsync();
        var crd = (await client.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{TestCrd.Name}")).Body;
        Assert.Contains(crd["status"]!["conditions"]!.AsArray(), c => c!["type"]!.ToString() == "Established" && c["status"]!.ToString() == "True");
        Assert.Contains(TestCrd.Group, (await client.GetAsync("/apis")).Body["groups"]!.AsArray().Select(g => g!["name"]!.ToString()));
        var resources = (await client.GetAsync($"/apis/{TestCrd.Group}/v1")).Body["resources"]!.AsArray();
        Assert.Equal(["widgets", "widgets/status"], resources.Select(r => r!["name"]!.ToString()));
        Assert.Equal("wdg", resources[0]!["shortNames"]![0]!.ToString());

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{TestCrd.Name}")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/apis/{TestCrd.Group}/v1")).Code);
    }

    private static JsonObject Crd() => JsonNode.Parse($$$$"""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"{{{{TestCrd.Name}}}}"},
         "spec":{"group":"{{{{TestCrd.Group}}}}","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
                 "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """)!.AsObject();
}
