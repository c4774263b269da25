using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Cli.Output;

/// <summary>
/// How one kind of object is printed in every format: its table columns (some only with -o wide), its kubectl
/// kind for -o name (<c>node/ID</c>, <c>gpiopin/led</c>) and its JSON contract (json and yaml print the same tree).
/// A verb makes one (or uses the kind's, e.g. <c>NodePrinter.Printer</c>) and calls <see cref="PrintList"/>,
/// <see cref="PrintOne"/> or, for a write verb, <see cref="PrintResult"/>.
/// </summary>
/// <param name="kind">the kind in -o name lines, lower case</param>
/// <param name="name">the object's name (or id) in -o name lines</param>
/// <param name="json">the object's source-generated JSON contract</param>
/// <param name="columns">the table's columns, in order</param>
internal sealed class ObjectPrinter<T>(string kind, Func<T, string> name, JsonTypeInfo<T> json, IReadOnlyList<Column<T>> columns)
{
    public string Kind => kind;

    public JsonTypeInfo<T> Json => json;

    /// <summary><c>kind/name</c>.</summary>
    public string Name(T item) => $"{kind}/{name(item)}";

    /// <summary>A list; <paramref name="empty"/> is the table's sentence when there is nothing (json prints [], yaml []).</summary>
    public void PrintList(OutputFormat format, IReadOnlyList<T> items, string empty)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Terminal.WriteLine(JsonText.PrettyArray(items.Select(i => JsonText.Element(i, json))));
                break;
            case OutputFormat.Yaml:
                using (var array = JsonDocument.Parse(JsonText.PrettyArray(items.Select(i => JsonText.Element(i, json)))))
                {
                    Terminal.Write(YamlText.Write(array.RootElement));
                }
                break;
            case OutputFormat.Name:
                foreach (var item in items)
                {
                    Terminal.WriteLine(Name(item));
                }
                break;
            default:
                Terminal.WriteLine(items.Count == 0 ? empty : Table(items, format == OutputFormat.Wide));
                break;
        }
    }

    /// <summary>One object: a table of one row, or the object itself in json, yaml or name.</summary>
    public void PrintOne(OutputFormat format, T item)
    {
        if (Machine.Print(format, item, json))
        {
            return;
        }
        switch (format)
        {
            case OutputFormat.Name:
                Terminal.WriteLine(Name(item));
                break;
            default:
                Terminal.WriteLine(Table([item], format == OutputFormat.Wide));
                break;
        }
    }

    /// <summary>A write verb's result: <paramref name="sentence"/> by default, else the object in json, yaml or name.</summary>
    public void PrintResult(OutputFormat format, T item, Action sentence)
    {
        if (format is OutputFormat.Table or OutputFormat.Wide)
        {
            sentence();
        }
        else
        {
            PrintOne(format, item);
        }
    }

    /// <summary>The table of these objects (every column with <paramref name="wide"/>).</summary>
    public string Table(IEnumerable<T> items, bool wide) => TextTable.Render(Header(wide), items.Select(i => Row(i, wide)));

    public string[] Header(bool wide) => Shown(wide).Select(c => c.Header).ToArray();

    public string[] Row(T item, bool wide) => Shown(wide).Select(c => c.Cell(item)).ToArray();

    private IEnumerable<Column<T>> Shown(bool wide) => columns.Where(c => wide ? !c.Narrow : !c.Wide);
}
