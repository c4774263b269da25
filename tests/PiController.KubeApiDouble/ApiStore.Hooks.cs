using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Disruption;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble;

/// <summary>
/// What follows a change, inside the same lock as the controllers of a cluster would do it shortly after: a CRD
/// serves (or stops serving) its resource, a deleted Namespace or CRD takes its objects with it, and every
/// PodDisruptionBudget of a namespace whose pods or budgets changed gets its status recomputed.
/// </summary>
public sealed partial class ApiStore
{
    private void AfterCommit(ResourceKind kind, JsonObject obj, string type)
    {
        if (kind == BuiltInKinds.CustomResourceDefinitions)
        {
            var served = CrdReader.Read(obj);
            if (type == "DELETED")
            {
                Kinds.Withdraw(served.Key);
                EraseAll(served, _ => true);
            }
            else
            {
                Kinds.Serve(served);
            }
        }
        else if (kind == BuiltInKinds.Namespaces && type == "DELETED")
        {
            var ns = Meta.Name(obj);
            foreach (var other in Kinds.All.Where(k => k.Namespaced))
            {
                EraseAll(other, o => Meta.Namespace(o) == ns);
            }
        }
        else if (kind == BuiltInKinds.Pods || (kind == BuiltInKinds.PodDisruptionBudgets && type != "DELETED"))
        {
            RefreshBudgets(Meta.Namespace(obj));
        }
    }

    private void EraseAll(ResourceKind kind, Func<JsonObject, bool> which)
    {
        var table = Table(kind);
        foreach (var (key, obj) in table.Objects.Where(p => which(p.Value)).ToList())
        {
            Erase(kind, table, key, obj.DeepClone().AsObject());
        }
    }

    private void RefreshBudgets(string? ns)
    {
        var pods = Table(BuiltInKinds.Pods).Objects.Values.Where(p => Meta.Namespace(p) == ns).ToList();
        var budgets = Table(BuiltInKinds.PodDisruptionBudgets);
        foreach (var (key, budget) in budgets.Objects.Where(p => Meta.Namespace(p.Value) == ns).ToList())
        {
            var status = BudgetStatus.Compute(budget, pods, Time.GetUtcNow());
            if (!JsonNode.DeepEquals(status, budget["status"]))
            {
                var updated = budget.DeepClone().AsObject();
                updated["status"] = status;
                Commit(BuiltInKinds.PodDisruptionBudgets, budgets, key, updated, "MODIFIED", budget);
            }
        }
    }
}
