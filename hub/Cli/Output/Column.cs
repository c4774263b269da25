namespace PiController.Hub.Cli.Output;

/// <summary>
/// One column of an object's table: its header and its cell. A <paramref name="Wide"/> column shows only with
/// -o wide, a <paramref name="Narrow"/> one only in the default table (a short form of a wide column).
/// </summary>
/// <param name="Header">the header, upper case (kubectl style)</param>
/// <param name="Cell">the cell of one object (escaped when printed)</param>
/// <param name="Wide">true to show the column only with -o wide</param>
/// <param name="Narrow">true to show the column only in the default table</param>
internal sealed record Column<T>(string Header, Func<T, string> Cell, bool Wide = false, bool Narrow = false);
