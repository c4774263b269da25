using System.Runtime.CompilerServices;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>
/// The one way the CLI writes to its terminal. Every value put into an interpolated line is escaped with
/// <see cref="PrintableText.Escape(string?)"/> (a hostname, a node id, an error message from the hub: anything that
/// came over the network), while the literal text around it is ours; a whole string (a table, JSON) keeps its line
/// breaks and has everything else escaped. A source test keeps <c>Console.Write</c> out of the rest of the hub.
/// </summary>
internal static class Terminal
{
    private static readonly AsyncLocal<(TextWriter Out, TextWriter Error)?> Redirected = new();
    private static readonly AsyncLocal<TextReader?> RedirectedIn = new();

    public static TextWriter Out => Redirected.Value?.Out ?? Console.Out;

    public static TextWriter ErrorWriter => Redirected.Value?.Error ?? Console.Error;

    /// <summary>True when <see cref="Out"/> is a terminal a line can be rewritten on (not a pipe, a file or a test's writer).</summary>
    public static bool IsTerminal => Redirected.Value is null && !Console.IsOutputRedirected;

    /// <summary>Standard input (<c>apply -f -</c>).</summary>
    public static TextReader In => RedirectedIn.Value ?? Console.In;

    /// <summary>Gives this flow another standard input (tests feed <c>apply -f -</c> with it).</summary>
    public static IDisposable ReadFrom(TextReader input)
    {
        var before = RedirectedIn.Value;
        RedirectedIn.Value = input;
        return new Restore(() => RedirectedIn.Value = before);
    }

    /// <summary>Sends this flow's output to other writers (tests run the CLI in-process with it).</summary>
    public static IDisposable RedirectTo(TextWriter output, TextWriter error)
    {
        var before = Redirected.Value;
        Redirected.Value = (output, error);
        return new Restore(() => Redirected.Value = before);
    }

    public static void WriteLine(string text) => Out.WriteLine(PrintableText.EscapeKeepingLines(text));

    public static void WriteLine([InterpolatedStringHandlerArgument] ref TerminalLine line) => Out.WriteLine(line.ToStringAndClear());

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "The interpolated string handler formats with it.")]
    public static void WriteLine(IFormatProvider provider, [InterpolatedStringHandlerArgument(nameof(provider))] ref TerminalLine line) =>
        Out.WriteLine(line.ToStringAndClear());

    /// <summary>Text of several lines without a final line break (the I2C grid).</summary>
    public static void Write(string text) => Out.Write(PrintableText.EscapeKeepingLines(text));

    public static void Error([InterpolatedStringHandlerArgument] ref TerminalLine line) => ErrorWriter.WriteLine(line.ToStringAndClear());

    public static Task ErrorAsync([InterpolatedStringHandlerArgument] ref TerminalLine line) => ErrorWriter.WriteLineAsync(line.ToStringAndClear());

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
