using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Http;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Selectors;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Disruption;

/// <summary>
/// The Eviction API (policy/v1 Eviction POSTed to pods/NAME/eviction): the pod is deleted (201 Success) unless the
/// PodDisruptionBudget whose selector matches it allows no disruption now, which is 429 TooManyRequests, as the API
/// server answers; a pod that is Pending, finished or already being deleted is evicted whatever the budget says, and
/// a pod matched by two budgets is refused (500), as the API server does. Check and delete happen under the store's lock.
/// </summary>
internal static class Eviction
{
    public static async Task RunAsync(ApiRequest r)
    {
        var body = await JsonOutput.ReadObjectAsync(r.Context);
        if (body["kind"]?.ToString() is { } kind && kind != "Eviction")
        {
            throw ApiStatusException.BadRequest($"the body is a {kind}: POST a policy/v1 Eviction to pods/NAME/eviction");
        }
        if (Meta.Name(body) is { Length: > 0 } name && name != r.Name)
        {
            throw ApiStatusException.BadRequest($"name in URL does not match name in Eviction object ({name} is not {r.Name})");
        }
        r.Store.Atomically(() => Evict(r));
        await JsonOutput.WriteAsync(r.Context, 201, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["code"] = 201,
        });
    }

    private static bool Evict(ApiRequest r)
    {
        var pod = r.Store.Read(BuiltInKinds.Pods, r.Namespace, r.Name!);
        var phase = pod["status"]?["phase"]?.ToString();
        var exempt = pod["metadata"]?["deletionTimestamp"] is not null || phase is "Pending" or "Succeeded" or "Failed";
        if (!exempt)
        {
            var pods = r.Store.ReadAll(BuiltInKinds.Pods, r.Namespace).Items;
            var budgets = r.Store.ReadAll(BuiltInKinds.PodDisruptionBudgets, r.Namespace).Items
                .Where(b => LabelSelector.FromObject(b["spec"]?["selector"] as JsonObject).Matches(Meta.Labels(pod))).ToList();
            if (budgets.Count > 1)
            {
                throw new ApiStatusException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
            }
            if (budgets.Count == 1)
            {
                Check(budgets[0], pods, pod, r.Store.Time.GetUtcNow());
            }
        }
        r.Store.Remove(BuiltInKinds.Pods, r.Namespace, r.Name!, r.DryRun, null, null);
        return true;
    }

    private static void Check(JsonObject budget, List<JsonObject> pods, JsonObject pod, DateTimeOffset now)
    {
        var status = BudgetStatus.Compute(budget, pods, now);
        var healthy = status["currentHealthy"]!.GetValue<int>();
        var desired = status["desiredHealthy"]!.GetValue<int>();
        // An unhealthy pod may go while the budget holds (unhealthyPodEvictionPolicy IfHealthyBudget).
        var allowed = BudgetStatus.Healthy(pod) ? status["disruptionsAllowed"]!.GetValue<int>() > 0 : healthy >= desired;
        if (!allowed)
        {
            throw new ApiStatusException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "DisruptionBudget",
                    ["message"] = $"The disruption budget {Meta.Name(budget)} needs {desired} healthy pods and has {healthy} currently",
                }),
            });
        }
    }
}
