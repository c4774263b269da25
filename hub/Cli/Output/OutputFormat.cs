namespace PiController.Hub.Cli.Output;

/// <summary>
/// What <c>-o, --output</c> asks for. <see cref="Table"/> is also a write verb's human sentence (its default);
/// <see cref="Name"/> prints <c>kind/name</c> lines, as kubectl does.
/// </summary>
internal enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,
    Name,
}
