using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Hub.Resources;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>
/// What the hub knows, offered as completions: node ids for every <c>node</c> argument and <c>--node</c> option,
/// resource names for <c>get</c>, <c>describe</c> and <c>delete</c> of a kind. Found by walking the command tree, so
/// a new verb with a node argument completes too. The hub is asked with a short deadline and any failure (no hub,
/// no token, a timeout) offers nothing: a completion never prints an error into the line being typed.
/// </summary>
internal static class CompletionSources
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Set while <c>__complete</c> runs: System.CommandLine also asks the completion sources when it writes help
    /// (for the values of an argument), and help must not call the hub.
    /// </summary>
    private static readonly AsyncLocal<bool> Completing = new();

    public static IDisposable Enable()
    {
        Completing.Value = true;
        return new Disable();
    }

    /// <summary>
    /// The values of options that take a word from a fixed set but are parsed by the verb (so System.CommandLine does
    /// not know the set): one table, by option name, the same meaning on every verb that has the option.
    /// </summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> Values = new(StringComparer.Ordinal)
    {
        ["--mode"] = ["input", "output"],
        ["--pull"] = ["up", "down", "none"],
        ["--edge"] = ["rising", "falling", "both"],
        ["--level"] = ["high", "low"],
        ["--value"] = ["high", "low"],
        ["--role"] = [ApiRole.Admin, ApiRole.Operator, ApiRole.Viewer],
        ["--on-delete"] = ["release", "keep"],
        ["--device"] = SpecRules.Devices,
        ["--type"] = EventTypes.All,
    };

    public static void AddTo(Command command, Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        foreach (var argument in command.Arguments)
        {
            if (argument.Name == "node")
            {
                argument.CompletionSources.Add(context => Filled(context, argument) ? [] : NodeIds(context, connect));
            }
            else if (argument.Name == "kind")
            {
                argument.CompletionSources.Add(context => Filled(context, argument) ? [] : ["gpio", "pwm", "i2c"]);
            }
            else if (argument.Name == "name" && command.Name is "get" or "describe" or "delete" && command.Arguments.Any(a => a.Name == "kind"))
            {
                argument.CompletionSources.Add(context => ResourceNames(context, connect));
            }
        }
        foreach (var option in command.Options.Where(o => o.Name == "--node"))
        {
            option.CompletionSources.Add(context => NodeIds(context, connect));
        }
        foreach (var option in command.Options)
        {
            if (Values.TryGetValue(option.Name, out var values))
            {
                option.CompletionSources.Add(values.ToArray());
            }
        }
        if (command.Name == "write" && command.Arguments.FirstOrDefault(a => a.Name == "value") is { } level)
        {
            level.CompletionSources.Add("high", "low");
        }
        foreach (var sub in command.Subcommands)
        {
            AddTo(sub, connect);
        }
    }

    /// <summary>
    /// Whether the argument already has its word, so it is not the one being typed: System.CommandLine asks every
    /// argument of the verb for completions, and <c>gpio write NODE 17 </c> must offer levels, not node ids.
    /// </summary>
    private static bool Filled(CompletionContext context, Argument argument) =>
        context.ParseResult.GetResult(argument)?.Tokens is [{ } given, ..] && given.Value != context.WordToComplete;

    private static List<CompletionItem> NodeIds(CompletionContext context, Func<ParseResult, CancellationToken, Task<HubClient>> connect) =>
        Ask(context, connect, async (client, ct) => (await client.ListNodesAsync(ct).ConfigureAwait(false)).Select(n => n.NodeId));

    private static List<CompletionItem> ResourceNames(CompletionContext context, Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var command = context.ParseResult.CommandResult.Command;
        var kindArgument = command.Arguments.FirstOrDefault(a => a.Name == "kind");
        if (kindArgument is null || context.ParseResult.GetResult(kindArgument)?.Tokens is not [{ Value: var text }, ..] || ResourceKinds.Parse(text) is not { } kind)
        {
            return [];
        }
        return Ask(context, connect, async (client, ct) =>
        {
            var list = await client.ListResourcesAsync(kind, null, null, ct).ConfigureAwait(false);
            return list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => r.TryGetProperty("name", out var name) ? name.GetString() : null).OfType<string>().ToList()
                : [];
        });
    }

    private static List<CompletionItem> Ask(CompletionContext context, Func<ParseResult, CancellationToken, Task<HubClient>> connect,
        Func<HubClient, CancellationToken, Task<IEnumerable<string>>> query)
    {
        if (!Completing.Value)
        {
            return [];
        }
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            return Task.Run(async () =>
            {
                using var client = await connect(context.ParseResult, deadline.Token).ConfigureAwait(false);
                return (await query(client, deadline.Token).ConfigureAwait(false)).ToList();
            }).WaitAsync(deadline.Token).GetAwaiter().GetResult()
                .Where(value => value.StartsWith(context.WordToComplete, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(value => new CompletionItem(value))
                .ToList();
        }
#pragma warning disable CA1031 // A completion offers nothing rather than an error in the middle of the line being typed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }

    private sealed class Disable : IDisposable
    {
        public void Dispose() => Completing.Value = false;
    }
}
