using System.Text;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli.Output;

/// <summary>
/// <c>-w</c>: the objects as they are, then one more row (or object, or name) each time one changes. Later rows
/// keep the first table's column widths, as kubectl's do; json prints each object, yaml each as its own document.
/// </summary>
/// <param name="printer">how the objects print</param>
/// <param name="format">the format asked for</param>
internal sealed class WatchPrinter<T>(ObjectPrinter<T> printer, OutputFormat format)
{
    private int[] _widths = [];
    private bool _documents;

    /// <summary>The objects as they are now, with the table's header.</summary>
    public void Start(IReadOnlyList<T> items)
    {
        if (format is OutputFormat.Table or OutputFormat.Wide)
        {
            var wide = format == OutputFormat.Wide;
            var header = printer.Header(wide);
            var rows = items.Select(i => printer.Row(i, wide)).ToList();
            _widths = rows.Prepend(header).Aggregate(new int[header.Length], (w, r) => w.Select((x, i) => Math.Max(x, PrintableText.Escape(r[i]).Length)).ToArray());
            Terminal.WriteLine(Line(header));
            rows.ForEach(r => Terminal.WriteLine(Line(r)));
            return;
        }
        foreach (var item in items)
        {
            Changed(item);
        }
    }

    /// <summary>One object that changed.</summary>
    public void Changed(T item)
    {
        switch (format)
        {
            case OutputFormat.Table or OutputFormat.Wide:
                Terminal.WriteLine(Line(printer.Row(item, format == OutputFormat.Wide)));
                break;
            case OutputFormat.Yaml:
                if (_documents)
                {
                    Terminal.WriteLine("---");
                }
                _documents = true;
                printer.PrintOne(format, item);
                break;
            default:
                printer.PrintOne(format, item);
                break;
        }
    }

    private string Line(string[] cells)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = PrintableText.Escape(cells[i]);
            line.Append(i == cells.Length - 1 ? cell : cell.PadRight(i < _widths.Length ? _widths[i] : 0) + "  ");
        }
        return line.ToString().TrimEnd();
    }
}
