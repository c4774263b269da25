using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Resources;

/// <summary>
/// One resource the double serves: its group, the versions it is served at (all stored alike, as a CRD without
/// conversion does), its plural, kind and scope, its subresources, and for a custom resource the schema and printer
/// columns its CRD gives per version.
/// </summary>
internal sealed record ResourceKind(
    string Group,
    IReadOnlyList<string> Versions,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    bool HasStatus,
    bool IsCustom = false,
    IReadOnlyDictionary<string, JsonObject>? Schemas = null,
    IReadOnlyDictionary<string, IReadOnlyList<PrinterColumn>>? Columns = null,
    IReadOnlyList<string>? Categories = null)
{
    /// <summary>The key objects of this resource are kept under, whatever version they were written at.</summary>
    public string Key => Group.Length == 0 ? Plural : Plural + "." + Group;

    public string ListKind => Kind + "List";

    public string ApiVersion(string version) => Group.Length == 0 ? version : Group + "/" + version;

    public string PreferredVersion => Versions[0];

    public bool Serves(string version) => Versions.Contains(version);

    public JsonObject? Schema(string version) => Schemas is not null && Schemas.TryGetValue(version, out var schema) ? schema : null;

    public IReadOnlyList<PrinterColumn>? PrinterColumns(string version) =>
        Columns is not null && Columns.TryGetValue(version, out var columns) ? columns : null;
}
