using System.CommandLine;
using PiController.Hub.Cli.Output;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiController.Hub.Cli;

/// <summary>
/// cluster kubeconfig: prints the cluster's admin kubeconfig, or with --merge puts it into ~/.kube/config (or
/// --kubeconfig FILE): the cluster, context and user of that name are replaced, everything else is kept, the file is
/// written 0600 and atomically (a new file renamed over the old one).
/// </summary>
internal static partial class ClusterCommand
{
    private static Command Kubeconfig(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var name = new Argument<string>("name") { Description = "the cluster's name" };
        var merge = new Option<bool>("--merge") { Description = "merge it into ~/.kube/config (or --kubeconfig) instead of printing it" };
        var file = new Option<string?>("--kubeconfig") { Description = "the kubeconfig file --merge writes (default ~/.kube/config)" };
        var kubeconfig = new Command("kubeconfig", "the cluster's admin kubeconfig: printed, or merged into ~/.kube/config (admin)");
        kubeconfig.Arguments.Add(name);
        kubeconfig.Options.Add(merge);
        kubeconfig.Options.Add(file);
        var output = OutputOption.ForWrite(kubeconfig, name: false);
        kubeconfig.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(file) is not null && !parse.GetValue(merge))
            {
                throw new CliException("--kubeconfig names the file --merge writes; add --merge");
            }
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = await hub.ClusterKubeconfigAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(merge))
            {
                if (!Machine.Print(output.Read(parse), view, HubJsonContext.Default.KubeconfigView))
                {
                    Terminal.Write(view.Kubeconfig);
                }
                return 0;
            }
            var path = parse.GetValue(file) ?? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
            Merge(path, view.Name, view.Kubeconfig);
            Terminal.WriteLine($"merged cluster {view.Name} into {path} (its cluster, context and user \"{view.Name}\"); use it: kubectl config use-context {view.Name}");
            return 0;
        });
        return kubeconfig;
    }

    /// <summary>Puts the cluster, context and user named <paramref name="name"/> of <paramref name="kubeconfig"/> into the file at <paramref name="path"/>.</summary>
    public static void Merge(string path, string name, string kubeconfig)
    {
        var incoming = Load(kubeconfig, "the hub's kubeconfig");
        var target = File.Exists(path) ? Load(ReadFile(path), path) : new YamlMappingNode
        {
            { "apiVersion", "v1" }, { "kind", "Config" }, { "preferences", new YamlMappingNode() },
        };
        foreach (var section in new[] { "clusters", "contexts", "users" })
        {
            if (!target.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is not YamlSequenceNode list)
            {
                list = [];
                target.Children[new YamlScalarNode(section)] = list;
            }
            var kept = list.Children.Where(item => !(item is YamlMappingNode entry && entry.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n.ToString() == name)).ToList();
            list.Children.Clear();
            foreach (var item in kept)
            {
                list.Add(item);
            }
            if (incoming.Children.TryGetValue(new YamlScalarNode(section), out var from) && from is YamlSequenceNode items)
            {
                foreach (var item in items)
                {
                    list.Add(item);
                }
            }
        }
        if (!target.Children.TryGetValue(new YamlScalarNode("current-context"), out var current) || current.ToString().Length == 0)
        {
            target.Children[new YamlScalarNode("current-context")] = new YamlScalarNode(name);
        }
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(target)).Save(text, assignAnchors: false);
        var yaml = text.ToString();
        WriteAtomically(path, yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml);
    }

    private static YamlMappingNode Load(string text, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new CliException($"{what} is not YAML ({e.Message}); nothing was changed");
        }
        return stream.Documents.Count == 0 ? [] : stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new CliException($"{what} is not a kubeconfig (its top level is not a mapping); nothing was changed");
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Join(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CliException($"cannot write {path}: {e.Message}; it was left as it was");
        }
    }
}
