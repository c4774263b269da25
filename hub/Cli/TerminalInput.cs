using System.Text;

namespace PiController.Hub.Cli;

/// <summary>
/// The one way the CLI reads from its user (login's questions and token). A secret is read without echo on a
/// terminal; from a pipe it is the first line. Tests run the CLI in-process with another reader.
/// </summary>
internal static class TerminalInput
{
    private static readonly AsyncLocal<TextReader?> Redirected = new();

    /// <summary>Whether a person can answer: standard input is a terminal (never in a test's redirected flow).</summary>
    public static bool IsInteractive => Redirected.Value is null && !Console.IsInputRedirected;

    /// <summary>Standard input as a whole (<c>apply -f -</c>), or this flow's redirected reader.</summary>
    public static TextReader Reader => Redirected.Value ?? Console.In;

    public static IDisposable RedirectFrom(TextReader input)
    {
        var before = Redirected.Value;
        Redirected.Value = input;
        return new Restore(() => Redirected.Value = before);
    }

    /// <summary>Writes <paramref name="prompt"/> to stderr (stdout stays for results) and reads one line; null at the end of input.</summary>
    public static string? Ask(string prompt)
    {
        Terminal.ErrorWriter.Write(Protocol.Text.PrintableText.Escape(prompt));
        Terminal.ErrorWriter.Flush();
        return Reader.ReadLine();
    }

    /// <summary>Like <see cref="Ask"/>, but what is typed on a terminal is not shown.</summary>
    public static string? AskSecret(string prompt)
    {
        if (!IsInteractive)
        {
            return Reader.ReadLine();
        }
        Terminal.ErrorWriter.Write(Protocol.Text.PrintableText.Escape(prompt));
        Terminal.ErrorWriter.Flush();
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Terminal.ErrorWriter.WriteLine();
                return secret.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                secret.Length = Math.Max(0, secret.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
