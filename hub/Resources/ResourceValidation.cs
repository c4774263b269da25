using PiController.Hub.Nodes;

namespace PiController.Hub.Resources;

/// <summary>
/// Everything wrong with a draft that can be told without the database: its fields and spec, its name, and a node
/// named by exactly one of id or selector. The hub refuses such a draft; the CLI checks files with it before it
/// sends the first one.
/// </summary>
internal static class ResourceValidation
{
    public static IReadOnlyList<string> Problems(ResourceDraft draft)
    {
        var problems = draft.Problems.ToList();
        if (LabelRules.Name(draft.Name) is { } nameProblem)
        {
            problems.Insert(0, nameProblem);
        }
        if (draft.Node is null || (draft.Node.Id is null) == (draft.Node.Selector is null))
        {
            problems.Add("node must name exactly one of id ({\"id\": \"10000000abcdef01\"}) or selector ({\"selector\": \"room=garage\"})");
        }
        else if (draft.Node.Selector is { } selector)
        {
            try
            {
                if (LabelSelector.Parse(selector, "node.selector").IsEmpty)
                {
                    problems.Add("node.selector is empty; it must match exactly one node (for example room=garage)");
                }
            }
            catch (Api.HubException e)
            {
                problems.Add(e.Message);
            }
        }
        if (problems.Count == 0 && draft.Valid is null)
        {
            problems.Add("spec is missing");
        }
        return problems;
    }
}
