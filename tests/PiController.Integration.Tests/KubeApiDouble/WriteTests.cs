using System.Net;
using System.Text.Json.Nodes;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>Creates, updates and patches on the double, and the Status it answers when it refuses one.</summary>
public sealed class WriteTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Widgets = $"/apis/{TestCrd.Group}/v1/namespaces/default/widgets";

    [Fact]
    public async Task Creating_an_object_twice_is_409_AlreadyExists_and_reading_a_missing_one_is_a_404_NotFound_Status()
    {
        await using var client = await DoubleClient.StartAsync();
        var created = await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");
        Assert.Matches("^[0-9a-f-]{36}$", created["metadata"]!["uid"]!.ToString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created["metadata"]!["creationTimestamp"]!.ToString());

        var (again, conflict) = await client.PostAsync(ConfigMaps, JsonNode.Parse("""{"metadata":{"name":"a"}}""")!);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("AlreadyExists", conflict["reason"]!.ToString());

        var (missing, status) = await client.GetAsync($"{ConfigMaps}/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal(("Status", "Failure", "NotFound", 404), (status["kind"]!.ToString(), status["status"]!.ToString(), status["reason"]!.ToString(), status["code"]!.GetValue<int>()));
        Assert.Equal("configmaps \"nope\" not found", status["message"]!.ToString());
    }

    [Fact]
    public async Task An_update_with_a_stale_resourceVersion_is_409_Conflict_and_changes_nothing()
    {
        await using var client = await DoubleClient.StartAsync();
        var first = await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"},"data":{"k":"1"}}""");
        var second = first.DeepClone().AsObject();
        first["data"]!["k"] = "2";
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"{ConfigMaps}/a", first)).Code);

        second["data"]!["k"] = "3";
        var (code, status) = await client.PutAsync($"{ConfigMaps}/a", second);

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status["reason"]!.ToString());
        Assert.Contains("the object has been modified", status["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("2", (await client.GetAsync($"{ConfigMaps}/a")).Body["data"]!["k"]!.ToString());
    }

    [Fact]
    public async Task The_status_subresource_alone_writes_status_and_only_spec_changes_bump_the_generation()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.InstallWidgetCrdAsync();
        var created = await client.CreateAsync(Widgets, """{"apiVersion":"double-test.pi-controller.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1},"status":{"phase":"Made up"}}""");
        Assert.Null(created["status"]);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());

        var statusWrite = created.DeepClone().AsObject();
        statusWrite["status"] = new JsonObject { ["phase"] = "Ready" };
        statusWrite["spec"]!["size"] = 9;
        var (code, afterStatus) = await client.PutAsync($"{Widgets}/w/status", statusWrite);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("Ready", 1L, 1L), (afterStatus["status"]!["phase"]!.ToString(), afterStatus["spec"]!["size"]!.GetValue<long>(), afterStatus["metadata"]!["generation"]!.GetValue<long>()));

        var mainWrite = afterStatus.DeepClone().AsObject();
        mainWrite["status"] = new JsonObject { ["phase"] = "Ignored" };
        var (_, unchanged) = await client.PutAsync($"{Widgets}/w", mainWrite);
        Assert.Equal(("Ready", 1L), (unchanged["status"]!["phase"]!.ToString(), unchanged["metadata"]!["generation"]!.GetValue<long>()));

        var (_, resized) = await client.SendAsync(HttpMethod.Patch, $"{Widgets}/w", JsonNode.Parse("""{"spec":{"size":2}}"""), "application/merge-patch+json");
        Assert.Equal((2L, "Ready"), (resized["metadata"]!["generation"]!.GetValue<long>(), resized["status"]!["phase"]!.ToString()));
    }

    [Fact]
    public async Task A_merge_patch_merges_maps_and_null_removes_a_field()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a","labels":{"x":"1","y":"2"}},"data":{"k":"1"}}""");

        var (code, patched) = await client.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/a",
            JsonNode.Parse("""{"metadata":{"labels":{"y":null,"z":"3"}},"data":{"j":"2"}}"""), "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("""{"x":"1","z":"3"}""", patched["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"k":"1","j":"2"}""", patched["data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_JSON_patch_applies_its_operations_and_a_failed_test_leaves_the_object_unchanged()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync(ConfigMaps, """{"metadata":{"name":"a"},"data":{"k":"1"}}""");
        var (code, patched) = await client.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/a",
            JsonNode.Parse("""[{"op":"test","path":"/data/k","value":"1"},{"op":"add","path":"/data/j","value":"2"},{"op":"remove","path":"/data/k"}]"""), "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("""{"j":"2"}""", patched["data"]!.ToJsonString());

        var (failed, _) = await client.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/a",
            JsonNode.Parse("""[{"op":"replace","path":"/data/j","value":"3"},{"op":"test","path":"/data/j","value":"9"}]"""), "application/json-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed);
        Assert.Equal("2", (await client.GetAsync($"{ConfigMaps}/a")).Body["data"]!["j"]!.ToString());
    }

    [Fact]
    public async Task A_strategic_merge_patch_merges_a_pods_containers_by_name_and_is_refused_with_415_for_a_custom_resource()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}""");
        var (code, pod) = await client.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/p",
            JsonNode.Parse("""{"spec":{"containers":[{"name":"b","image":"b:2"}]}}"""), "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("""[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]""", pod["spec"]!["containers"]!.ToJsonString());

        await client.InstallWidgetCrdAsync();
        await client.CreateAsync(Widgets, """{"apiVersion":"double-test.pi-controller.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}""");
        var (refused, status) = await client.SendAsync(HttpMethod.Patch, $"{Widgets}/w", JsonNode.Parse("""{"spec":{"size":2}}"""), "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused);
        Assert.Equal("UnsupportedMediaType", status["reason"]!.ToString());
    }

    [Fact]
    public async Task A_custom_resource_that_breaks_its_schema_is_refused_with_422_naming_each_field()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.InstallWidgetCrdAsync();
        var (code, status) = await client.PostAsync(Widgets, JsonNode.Parse(
            """{"apiVersion":"double-test.pi-controller.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":"big","color":"green","label":"Not-Lower"}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", status["reason"]!.ToString());
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["spec.color", "spec.label", "spec.label", "spec.size"], fields);
        Assert.Contains("spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"", status["message"]!.ToString(), StringComparison.Ordinal);

        var (missing, required) = await client.PostAsync(Widgets, JsonNode.Parse("""{"apiVersion":"double-test.pi-controller.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{}}""")!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing);
        Assert.Equal("spec.size: Required value", required["details"]!["causes"]![0]!["field"] + ": " + required["details"]!["causes"]![0]!["message"]);
    }

    [Fact]
    public async Task A_dry_run_answers_the_object_without_storing_it()
    {
        await using var client = await DoubleClient.StartAsync();
        var before = client.Host.Store.ResourceVersion;
        var (code, body) = await client.PostAsync($"{ConfigMaps}?dryRun=All", JsonNode.Parse("""{"metadata":{"name":"a"}}""")!);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("a", body["metadata"]!["name"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ConfigMaps}/a")).Code);
        Assert.Equal(before, client.Host.Store.ResourceVersion);
    }

    [Fact]
    public async Task Server_side_apply_needs_a_field_manager_creates_and_refuses_another_managers_field_unless_forced()
    {
        await using var client = await DoubleClient.StartAsync();
        const string Applied = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: \"1\"\n";
        var (unnamed, _) = await client.SendTextAsync(HttpMethod.Patch, $"{ConfigMaps}/a", Applied, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unnamed);
        Assert.Equal(HttpStatusCode.Created, (await client.SendTextAsync(HttpMethod.Patch, $"{ConfigMaps}/a?fieldManager=one", Applied, "application/apply-patch+yaml")).Code);

        var other = Applied.Replace("\"1\"", "\"2\"", StringComparison.Ordinal);
        var (conflict, status) = await client.SendTextAsync(HttpMethod.Patch, $"{ConfigMaps}/a?fieldManager=two", other, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal(".data.k", status["details"]!["causes"]![0]!["field"]!.ToString());

        var (forced, result) = await client.SendTextAsync(HttpMethod.Patch, $"{ConfigMaps}/a?fieldManager=two&force=true", other, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, forced);
        Assert.Equal("2", result["data"]!["k"]!.ToString());
        Assert.Equal(["two"], result["metadata"]!["managedFields"]!.AsArray().Select(m => m!["manager"]!.ToString()));
    }
}
