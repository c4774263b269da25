namespace PiController.Hub.Cli.Output;

/// <summary>One column of an object's table: its header and its cell; a <paramref name="Wide"/> column shows only with -o wide.</summary>
/// <param name="Header">the header, upper case (kubectl style)</param>
/// <param name="Cell">the cell of one object (escaped when printed)</param>
/// <param name="Wide">true to show the column only with -o wide</param>
internal sealed record Column<T>(string Header, Func<T, string> Cell, bool Wide = false);
