namespace PiController.Hub.Cli.Output;

/// <summary>
/// What a write verb did when the hub answers with no object (nodes rm, nodes revoke): printed by -o json, yaml
/// and name like any object.
/// </summary>
/// <param name="Kind">the kind of the object, as in -o name (node, apitoken)</param>
/// <param name="Name">its name or id</param>
/// <param name="Result">what happened to it, one word: removed, revoked, approved</param>
internal sealed record Change(string Kind, string Name, string Result)
{
    /// <summary>Prints changes of objects of this kind (-o name: <c>node/ID</c>).</summary>
    public static ObjectPrinter<Change> PrinterOf(string kind) => new(
        kind, c => c.Name, HubJsonContext.Default.Change,
        [new("KIND", c => c.Kind), new("NAME", c => c.Name), new("RESULT", c => c.Result)]);
}
