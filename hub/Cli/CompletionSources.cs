using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.Json;
using PiController.Hub.Resources;

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

    public static void AddTo(Command command, Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        foreach (var argument in command.Arguments)
        {
            if (argument.Name == "node")
            {
                argument.CompletionSources.Add(context => NodeIds(context, connect));
            }
            else if (argument.Name == "kind")
            {
                // Only while the kind is what is being typed; System.CommandLine asks every argument of the verb.
                argument.CompletionSources.Add(context =>
                    context.ParseResult.GetResult(argument)?.Tokens is [{ } given, ..] && given.Value != context.WordToComplete ? [] : ["gpio", "pwm", "i2c"]);
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
        foreach (var sub in command.Subcommands)
        {
            AddTo(sub, connect);
        }
    }

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
