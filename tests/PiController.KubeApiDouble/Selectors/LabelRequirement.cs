namespace PiController.KubeApiDouble.Selectors;

/// <summary>One requirement of a label selector: key =, !=, in, notin, exists or does-not-exist.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.In => has && Values.Contains(value!),
            // != and notin match objects without the label, as in Kubernetes.
            LabelOperator.NotIn => !has || !Values.Contains(value!),
            _ => false,
        };
    }
}
