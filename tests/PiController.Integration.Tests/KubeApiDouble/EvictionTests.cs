using System.Net;
using System.Text.Json.Nodes;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>The Eviction API and PodDisruptionBudget status on the double.</summary>
public sealed class EvictionTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Budgets = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";

    [Fact]
    public async Task An_eviction_is_429_while_the_budget_allows_no_disruption_and_deletes_the_pod_once_it_does()
    {
        await using var client = await DoubleClient.StartAsync();
        foreach (var name in new[] { "p1", "p2" })
        {
            var pod = await client.CreateAsync(Pods, $$$$"""{"metadata":{"name":"{{{{name}}}}","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
            Assert.Equal("Pending", pod["status"]!["phase"]!.ToString());
            pod["status"] = JsonNode.Parse("""{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}""");
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"{Pods}/{name}/status", pod)).Code);
        }
        await client.CreateAsync(Budgets, """{"metadata":{"name":"web"},"spec":{"maxUnavailable":0,"selector":{"matchLabels":{"app":"web"}}}}""");
        var status = (await client.GetAsync($"{Budgets}/web")).Body["status"]!;
        Assert.Equal((2, 2, 0, 2), (status["currentHealthy"]!.GetValue<int>(), status["desiredHealthy"]!.GetValue<int>(), status["disruptionsAllowed"]!.GetValue<int>(), status["expectedPods"]!.GetValue<int>()));

        var (held, refusal) = await client.PostAsync($"{Pods}/p1/eviction", Eviction("p1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, held);
        Assert.Equal("TooManyRequests", refusal["reason"]!.ToString());
        Assert.Equal("The disruption budget web needs 2 healthy pods and has 2 currently", refusal["details"]!["causes"]![0]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Pods}/p1")).Code);

        var (relaxed, _) = await client.SendAsync(HttpMethod.Patch, $"{Budgets}/web", JsonNode.Parse("""{"spec":{"maxUnavailable":null,"minAvailable":1}}"""), "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, relaxed);
        var (evicted, success) = await client.PostAsync($"{Pods}/p1/eviction", Eviction("p1"));
        Assert.Equal(HttpStatusCode.Created, evicted);
        Assert.Equal("Success", success["status"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Pods}/p1")).Code);

        var after = (await client.GetAsync($"{Budgets}/web")).Body["status"]!;
        Assert.Equal((1, 1, 0), (after["currentHealthy"]!.GetValue<int>(), after["desiredHealthy"]!.GetValue<int>(), after["disruptionsAllowed"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync($"{Pods}/p2/eviction", Eviction("p2"))).Code);
    }

    [Fact]
    public async Task A_pending_pod_is_evicted_whatever_its_budget_says()
    {
        await using var client = await DoubleClient.StartAsync();
        await client.CreateAsync(Pods, """{"metadata":{"name":"p","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        await client.CreateAsync(Budgets, """{"metadata":{"name":"web"},"spec":{"minAvailable":5,"selector":{"matchLabels":{"app":"web"}}}}""");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Pods}/p/eviction", Eviction("p"))).Code);
    }

    private static JsonObject Eviction(string pod) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "Eviction",
        ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = "default" },
    };
}
