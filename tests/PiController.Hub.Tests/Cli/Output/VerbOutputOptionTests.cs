using System.CommandLine;
using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli.Output;

/// <summary>
/// Every verb of the tree takes -o: a read verb table, wide, json and yaml; a write verb json (and yaml). The
/// tree is walked, so a new verb without -o fails here.
/// </summary>
public sealed class VerbOutputOptionTests
{
    /// <summary>Verbs with nothing to print as an object: they run the hub, print one fingerprint, or remove local files.</summary>
    private static readonly HashSet<string> NoObjectOutput =
        ["serve", "ca fingerprint", "token forget-files", "discover watch", "login", "config use-context", "config current-context", "config delete-context", "config view", "completion",
         "diff", "describe"];

    /// <summary>Verbs that only change something (all else is read and must take table, wide, json and yaml).</summary>
    private static readonly HashSet<string> WriteVerbs =
    [
        "nodes ping", "nodes revoke", "nodes approve", "nodes rm", "token create", "token revoke", "discover scan", "discover approve",
        "apt add", "gpio write", "gpio toggle", "gpio pulse", "gpio config", "gpio release", "gpio batch", "pwm set", "pwm stop",
        "i2c write", "i2c watch", "i2c unwatch", "apply", "delete", "create gpio", "create pwm", "create i2c", "k3s import", "k3s fetch", "k3s rm",
        "cluster create", "cluster add-node", "cluster remove-node", "cluster delete", "cluster resume", "cluster kubeconfig", "cluster import",
        "cluster create", "cluster add-node", "cluster remove-node", "cluster delete", "cluster resume", "cluster kubeconfig",
        "cluster upgrade", "cluster rollback",
        "cluster snapshot save", "cluster snapshot prune", "cluster snapshot schedule",
        "ssh add", "ssh rm", "ssh accept-key", "ssh check",
        "adopt",
    ];

    [Fact]
    public void Every_read_verb_takes_every_table_format_and_every_write_verb_takes_json()
    {
        var problems = new List<string>();
        foreach (var (command, path) in Walk(HubCommandLine.Build(), []))
        {
            var name = string.Join(' ', path);
            if (command.Action is null || NoObjectOutput.Contains(name))
            {
                continue;
            }
            string[] formats = WriteVerbs.Contains(name) ? ["json"] : ["table", "wide", "json", "yaml"];
            foreach (var format in formats)
            {
                var errors = HubCommandLine.Build().Parse([.. path, .. Arguments(command), "-o", format]).Errors;
                if (errors.Count > 0)
                {
                    problems.Add($"{name} -o {format}: {errors[0].Message}");
                }
            }
            if (HubCommandLine.Build().Parse([.. path, .. Arguments(command), "--json"]).Errors is { Count: > 0 } json)
            {
                problems.Add($"{name} --json: {json[0].Message}");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void An_unknown_format_is_refused_with_the_formats_the_verb_takes()
    {
        var errors = HubCommandLine.Build().Parse(["nodes", "ls", "-o", "xml"]).Errors;

        Assert.Equal("-o must be one of table, wide, json, yaml, name; got \"xml\"", Assert.Single(errors).Message);
    }

    [Fact]
    public void Json_and_o_together_are_refused()
    {
        var errors = HubCommandLine.Build().Parse(["nodes", "ls", "-o", "yaml", "--json"]).Errors;

        Assert.Equal("give either -o or --json, not both", Assert.Single(errors).Message);
    }

    /// <summary>Verbs whose files come from an option that is not marked required (KIND NAME... or -f).</summary>
    private static readonly Dictionary<string, string[]> FileVerbs = new() { ["apply"] = ["-f", "x.yaml"], ["delete"] = ["-f", "x.yaml"] };

    private static IEnumerable<string> Arguments(Command command) => FileVerbs.TryGetValue(command.Name, out var files) && command.Parents.FirstOrDefault() is RootCommand
        ? files
        : command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => a.ValueType == typeof(string) || a.ValueType == typeof(string[]) ? "x" : "1")
            .Concat(command.Options.Where(o => o.Required).SelectMany(o => new[] { o.Name, o.ValueType == typeof(string) ? "x" : "1" }));

    private static IEnumerable<(Command Command, string[] Path)> Walk(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] subPath = [.. path, sub.Name];
            yield return (sub, subPath);
            foreach (var nested in Walk(sub, subPath))
            {
                yield return nested;
            }
        }
    }
}
