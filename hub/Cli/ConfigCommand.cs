using System.CommandLine;
using PiController.Hub.Cli.Contexts;
using PiController.Hub.Cli.Output;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller config get-contexts|use-context|current-context|delete-context|view</c>: the client config's
/// contexts, as with kubectl config. <c>login</c> adds them. None of these talks to a hub.
/// </summary>
internal static class ConfigCommand
{
    public static Command Build(Func<ParseResult, ConnectionFlags> flags)
    {
        ClientConfigFile File(ParseResult parse) => ClientConfigFile.Locate(flags(parse).Config, Environment.GetEnvironmentVariable);
        var config = new Command("config", "the client config: named contexts (hub, CA fingerprint, token file) that login saves");
        config.Subcommands.Add(GetContexts(File));
        config.Subcommands.Add(UseContext(File));
        config.Subcommands.Add(CurrentContext(File));
        config.Subcommands.Add(DeleteContext(File));
        config.Subcommands.Add(View(File));
        return config;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "the context's name (pi-controller config get-contexts)" };

    private static Command GetContexts(Func<ParseResult, ClientConfigFile> file)
    {
        var get = new Command("get-contexts", "list the contexts; * marks the current one");
        var output = OutputOption.ForRead(get, name: false);
        get.SetAction(parse =>
        {
            var path = file(parse);
            var loaded = path.Load();
            var views = loaded.Contexts.Select(c => new ContextView(c.Name, c.Name == loaded.CurrentContext, c.Hub.ToString().TrimEnd('/'), c.CaFingerprint, c.DescribeToken(path.Directory))).ToList();
            if (Machine.Print<IReadOnlyList<ContextView>>(output.Read(parse), views, HubJsonContext.Default.IReadOnlyListContextView))
            {
                return 0;
            }
            if (views.Count == 0)
            {
                Terminal.WriteLine($"No contexts in {path.Path}. Add one with: pi-controller login https://HUB:8443");
            }
            else
            {
                Terminal.WriteLine(TextTable.Render(["CURRENT", "NAME", "HUB", "CA", "TOKEN"],
                    views.Select(v => new[] { v.Current ? "*" : "", v.Name, v.Hub, v.CaFingerprint[..16] + "...", v.Token })));
            }
            return 0;
        });
        return get;
    }

    private static Command UseContext(Func<ParseResult, ClientConfigFile> file)
    {
        var name = NameArgument();
        var use = new Command("use-context", "make a context the current one: the one commands use without --context") { name };
        use.SetAction(parse =>
        {
            var path = file(parse);
            var loaded = path.Load();
            var chosen = Require(loaded, parse.GetValue(name)!, path);
            path.Save(loaded with { CurrentContext = chosen.Name });
            Terminal.WriteLine($"Switched to context \"{chosen.Name}\" ({chosen.Hub}).");
            return 0;
        });
        return use;
    }

    private static Command CurrentContext(Func<ParseResult, ClientConfigFile> file)
    {
        var current = new Command("current-context", "print the current context's name");
        current.SetAction(parse =>
        {
            var path = file(parse);
            var name = path.Load().CurrentContext
                ?? throw new CliException($"no current context in {path.Path}: pick one with pi-controller config use-context NAME, or log in (pi-controller login https://HUB:8443)");
            Terminal.WriteLine(name);
            return 0;
        });
        return current;
    }

    private static Command DeleteContext(Func<ParseResult, ClientConfigFile> file)
    {
        var name = NameArgument();
        var delete = new Command("delete-context", "remove a context and the token file login saved for it (the token stays valid on the hub until revoked)") { name };
        delete.SetAction(parse =>
        {
            var path = file(parse);
            var loaded = path.Load();
            var gone = Require(loaded, parse.GetValue(name)!, path);
            path.Save(loaded.Without(gone.Name));
            path.DeleteToken(gone);
            Terminal.WriteLine($"Deleted context \"{gone.Name}\" from {path.Path}.");
            if (loaded.CurrentContext == gone.Name)
            {
                Terminal.WriteLine("It was the current context: there is none now; pick one with pi-controller config use-context NAME.");
            }
            return 0;
        });
        return delete;
    }

    private static Command View(Func<ParseResult, ClientConfigFile> file)
    {
        var view = new Command("view", "print the client config (it names where each token is, never a token)");
        view.SetAction(parse =>
        {
            var path = file(parse);
            Terminal.WriteLine($"# {path.Path}");
            Terminal.Write(ClientConfigYaml.Write(path.Load()));
            return 0;
        });
        return view;
    }

    private static HubContext Require(ClientConfig config, string name, ClientConfigFile file) =>
        config.Find(name) ?? throw new CliException(config.Contexts.Count == 0
            ? $"no context \"{name}\": {file.Path} has none; add one with pi-controller login https://HUB:8443 --name {name}"
            : $"no context \"{name}\"; the contexts are {string.Join(", ", config.Contexts.Select(c => c.Name))}");
}
