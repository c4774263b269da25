using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PiController.Hub.Cli.Help;

namespace PiController.Hub.Cli;

/// <summary>
/// Runs one pi-controller command line and turns every failure into one line on stderr and an exit code: 2 for a
/// command line that does not parse (with the command's --help named), 1 for a refused or failed command, 130
/// when interrupted. An exception nobody expected is still one line (its message, never a stack trace), marked as
/// unexpected so that it gets reported.
/// </summary>
internal static partial class CliMain
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;
    public const string UnexpectedMarker = "unexpected error";

    public static Task<int> RunAsync(string[] args) => RunAsync(HubCommandLine.Build(), args);

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            switch (args)
            {
                case [CompletionCommand.Verb, .. var words]:
                    return CompletionCommand.Run(root, words);
                case [ManCommand.Verb, .. var rest]:
                    return ManCommand.Run(root, rest);
            }
        }
        catch (CliException e)
        {
            Terminal.Error($"pi-controller: {e.Message}");
            return Failed;
        }
        ParseResult parse;
        try
        {
            // No response files: an argument starting with @ is the argument (cron's @daily), not a file to read.
            parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            Terminal.Error($"pi-controller: cannot read the command line: {e.Message}");
            return Usage;
        }
        if (parse.Errors.Count > 0 && !CliHelp.IsHelp(parse.Action))
        {
            var command = CommandPath(parse.CommandResult);
            if (UnknownCommand(parse) is { } unknown)
            {
                Terminal.Error($"{command}: {unknown} (see {command} --help)");
                return Usage;
            }
            Terminal.Error($"{command}: {Describe(parse.Errors[0], parse.CommandResult)} (see {command} --help)");
            return Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = Terminal.Out, Error = Terminal.ErrorWriter })
                .ConfigureAwait(false);
        }
        catch (CliException e)
        {
            Terminal.Error($"pi-controller: {e.Message}");
            return Failed;
        }
        catch (Hosting.HubStartException e)
        {
            Terminal.Error($"pi-controller: {e.Message}");
            return Failed;
        }
        catch (IOException e) when (AddressInUse(e))
        {
            Terminal.Error($"pi-controller: cannot listen: {e.Message}; is another hub running? Use --port to pick another port");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            Terminal.Error($"pi-controller: interrupted");
            return Interrupted;
        }
        catch (Exception e)
        {
            Terminal.Error($"pi-controller: {UnexpectedMarker}: {OneLine(e)} (please report it, with the command that led to it)");
            return Failed;
        }
    }

    private static bool AddressInUse(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || x.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A word where a verb was expected that names none: "unknown command "nodse"; did you mean "nodes"?", with the
    /// one nearest verb, instead of System.CommandLine's error and the whole help.
    /// </summary>
    private static string? UnknownCommand(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var verbs = command.Subcommands.Where(c => !c.Hidden).ToList();
        if (verbs.Count == 0 || command.Arguments.Count > 0 || parse.UnmatchedTokens.Count == 0
            || parse.UnmatchedTokens[0] is not { } word || word.StartsWith('-')
            || parse.CommandResult.Tokens.Count > 0 && parse.CommandResult.Tokens[0].Value != word)
        {
            return null;
        }
        var suggestion = CommandSuggestion.Nearest(word, verbs.SelectMany(v => v.Aliases.Prepend(v.Name)));
        return suggestion is null
            ? $"unknown command \"{word}\"; the commands are {string.Join(", ", verbs.Select(v => v.Name))}"
            : $"unknown command \"{word}\"; did you mean \"{suggestion}\"?";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Add(c.Command is RootCommand ? "pi-controller" : c.Command.Name);
            }
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Describe(ParseError error, CommandResult result)
    {
        var command = result.Command;
        if (command.Subcommands.Count > 0 && command.Action is null && error.Message.Contains("Required command", StringComparison.Ordinal))
        {
            return "say what to do: " + string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        }
        if (error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var missing = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && (result.GetResult(a) is not { } r || r.Tokens.Count == 0)).ToList();
            if (missing.Count > 0)
            {
                return "missing " + string.Join(", ", missing.Select(a => $"<{a.Name}>" + (a.Description is { Length: > 0 } d ? $" ({d})" : "")));
            }
        }
        return TypeName().Replace(error.Message.TrimEnd('.'), m => m.Groups[1].Value switch
        {
            "Int32" or "Int64" or "Int16" or "UInt16" or "UInt32" or "UInt64" or "Byte" => "as a whole number",
            "Double" or "Single" or "Decimal" => "as a number",
            "Boolean" => "as true or false",
            _ => "as a " + m.Groups[1].Value.ToLowerInvariant(),
        });
    }

    /// <summary>The exception's message and its inner ones, on one line.</summary>
    private static string OneLine(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null && messages.Count < 4; x = x.InnerException)
        {
            if (!messages.Contains(x.Message))
            {
                messages.Add(x.Message);
            }
        }
        return string.Join(": ", messages);
    }

    [GeneratedRegex(@"as expected type '(?:System\.Nullable`1\[)?System\.(\w+)\]?'")]
    private static partial Regex TypeName();
}
