using System.Text.RegularExpressions;

namespace PiController.Hub.Tests.Architecture;

/// <summary>
/// The hub's folders as a dependency graph, read from the source (hub/**/*.cs): folder A depends on folder B when a
/// file in A names PiController.Hub.B.Something, or B.Type for a type declared in B, or has <c>using
/// PiController.Hub.B;</c> and names a type declared in B. Comment lines do not count. Pragmatic, not a compiler:
/// it can see a dependency that is not there (a word that is also a type name), never miss one written out.
/// Run alone: <c>dotnet test tests/PiController.Hub.Tests --filter FeatureDependencyTests</c>.
/// <para>
/// The layers, lowest first; a folder depends only on folders before it in <see cref="Layers"/>:
/// State (the database) and Api (errors, JSON, the audit target note) below everything; Agents (the link, reaching
/// features only through the handler interfaces they register); then the features: Security (tokens, certificates,
/// enrollment, policies), Events (the bus and the payloads it carries), Nodes (inventory, labels), Discovery,
/// Hardware (the direct API), Resources (desired state, reconciled through Hardware), Provisioning (K3s on the nodes:
/// release artifacts, install steps, cluster trust, preflight), Kube (the cluster manager on the Kubernetes API: client,
/// informers, one controller per managed cluster, custom resources, node labels, membership, upgrades), Audit, Packaging, Adoption (a Pi without an agent
/// made an agent node over SSH from the hub's own apt repository); then the two
/// composition roots: Hosting (serve: makes each feature's small options record from HubOptions and wires the
/// features) and Cli (the verbs, the serve flags, everything printed to a terminal).
/// A lower layer that must reach a higher one owns an interface the higher one implements: Security.INodeEnrollments
/// (Nodes), Security.INodeStatusEvents (Events), Hardware.IManagedHardware (Resources), Provisioning.Clusters.IClusterWork (Kube).
/// </para>
/// </summary>
public sealed partial class FeatureDependencyTests
{
    /// <summary>The layers below the features: they name no feature.</summary>
    private static readonly HashSet<string> Shared = ["State", "Api", "Agents"];

    /// <summary>Every folder of hub/, lowest first: each may depend only on folders before it.</summary>
    private static readonly string[] Layers =
    [
        "State", "Api", "Agents",
        "Security", "Events", "Nodes", "Discovery", "Hardware", "Resources", "Provisioning", "Kube", "Audit", "Packaging",
        "Adoption", "Hosting", "Cli",
    ];

    private static readonly Lazy<SourceGraph> Graph = new(SourceGraph.Read);

    [Fact]
    public void Agents_depends_on_no_feature()
    {
        var features = Graph.Value.From("Agents").Where(d => !Shared.Contains(d.Key)).ToList();
        Assert.True(features.Count == 0, "Agents is the bottom layer; it reaches features only through IAgentMessageHandler, IAgentAdmission " +
            "and IAgentConnections, which features register. It depends on: " + Describe(features));
    }

    [Fact]
    public void State_depends_on_nothing_and_Api_on_no_feature()
    {
        Assert.True(Graph.Value.From("State").Count == 0, "State (the database, its migrations) depends on: " + Describe(Graph.Value.From("State")));
        var api = Graph.Value.From("Api").Where(d => !Shared.Contains(d.Key)).ToList();
        Assert.True(api.Count == 0, "Api is shared by every feature and names none (each feature owns its JSON context); it depends on: " + Describe(api));
    }

    [Fact]
    public void No_dependency_closes_a_cycle_between_folders()
    {
        var cycles = Graph.Value.CycleEdges();
        Assert.True(cycles.Count == 0, "these dependencies close a cycle between folders (a feature may depend on another only one way; " +
            "invert it with an interface the lower one owns, as Security.INodeEnrollments does): " +
            string.Join("; ", cycles.Select(e => $"{e.From} -> {e.To} ({string.Join(", ", e.Files.Take(3))})")));
    }

    [Fact]
    public void Every_folder_has_its_place_in_the_layers()
    {
        var unplaced = Graph.Value.Folders.Except(Layers).ToList();
        Assert.True(unplaced.Count == 0, $"hub/{string.Join(", hub/", unplaced)} has no layer: add it to {nameof(Layers)} " +
            "above every folder it uses and below every folder that uses it, and say why in the summary above");
    }

    [Fact]
    public void Every_folder_depends_only_on_the_layers_below_it()
    {
        var up = Layers.SelectMany(from => Graph.Value.From(from)
                .Where(to => Array.IndexOf(Layers, to.Key) > Array.IndexOf(Layers, from))
                .Select(to => $"{from} -> {to.Key} ({string.Join(", ", to.Value.Take(3))}): {HowToInvert(from, to.Key)}"))
            .ToList();
        Assert.True(up.Count == 0, "these dependencies go up the layers (" + string.Join(" < ", Layers) + "): " + string.Join("; ", up));
    }

    private static string HowToInvert(string from, string to) => to is "Hosting" or "Cli"
        ? $"{to} composes the hub and no feature names it; give {from} its own small options record that Hosting makes from " +
          "HubOptions (as Audit.AuditLimits), and move what prints to a terminal or parses serve flags into hub/Cli"
        : $"{from} is below {to}; let {from} own an interface that {to} implements and registers (as Security.INodeEnrollments, " +
          $"Hardware.IManagedHardware), or move the type {from} needs down into {from} (or into Api when every feature shares it)";

    [Fact]
    public void The_graph_sees_a_dependency_that_is_written_out()
    {
        Assert.Contains("State", Graph.Value.From("Nodes").Keys);
        Assert.Contains("Agents", Graph.Value.From("Hardware").Keys);
    }

    private static string Describe(IEnumerable<KeyValuePair<string, List<string>>> dependencies) =>
        string.Join("; ", dependencies.Select(d => $"{d.Key} ({string.Join(", ", d.Value.Take(3))})"));

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Word();

    private sealed record Edge(string From, string To, IReadOnlyList<string> Files);

    private sealed class SourceGraph
    {
        private readonly Dictionary<string, Dictionary<string, List<string>>> _edges = [];

        private SourceGraph(IReadOnlyList<string> folders) => Folders = folders;

        public IReadOnlyList<string> Folders { get; }

        public Dictionary<string, List<string>> From(string folder) => _edges.GetValueOrDefault(folder) ?? [];

        public static SourceGraph Read()
        {
            var hub = HubDirectory();
            var folders = Directory.GetDirectories(hub).Select(Path.GetFileName).OfType<string>()
                .Where(d => d is not ("bin" or "obj")).Order(StringComparer.Ordinal).ToList();
            var code = folders.ToDictionary(f => f, f => Files(hub, f).Select(p => (Path: Path.GetRelativePath(hub, p), Text: Code(p))).ToList());
            var declared = folders.ToDictionary(f => f, f => code[f].SelectMany(c => Declaration().Matches(c.Text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
            var graph = new SourceGraph(folders);
            foreach (var from in folders)
            {
                foreach (var (path, text) in code[from])
                {
                    foreach (var to in folders.Where(to => to != from && Uses(text, to, declared[to])))
                    {
                        var targets = graph._edges.TryGetValue(from, out var t) ? t : graph._edges[from] = [];
                        (targets.TryGetValue(to, out var files) ? files : targets[to] = []).Add(path);
                    }
                }
            }
            return graph;
        }

        /// <summary>The dependencies between folders of one strongly connected component (Tarjan): each closes a cycle.</summary>
        public List<Edge> CycleEdges()
        {
            var component = new Dictionary<string, int>();
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var next = 0;
            void Visit(string v)
            {
                index[v] = low[v] = next++;
                stack.Push(v);
                foreach (var w in From(v).Keys)
                {
                    if (!index.TryGetValue(w, out var seen))
                    {
                        Visit(w);
                        low[v] = Math.Min(low[v], low[w]);
                    }
                    else if (!component.ContainsKey(w) && stack.Contains(w))
                    {
                        low[v] = Math.Min(low[v], seen);
                    }
                }
                if (low[v] == index[v])
                {
                    string w;
                    do
                    {
                        w = stack.Pop();
                        component[w] = index[v];
                    }
                    while (w != v);
                }
            }
            foreach (var folder in Folders.Where(f => !index.ContainsKey(f)))
            {
                Visit(folder);
            }
            return Folders.SelectMany(a => From(a).Where(b => component[a] == component[b.Key]).Select(b => new Edge(a, b.Key, b.Value))).ToList();
        }

        private static bool Uses(string text, string folder, HashSet<string> declared)
        {
            if (text.Contains($"PiController.Hub.{folder}.", StringComparison.Ordinal))
            {
                return true;
            }
            var relative = new Regex(@"(?<![\w.])" + folder + @"\.([A-Z]\w*)");
            if (relative.Matches(text).Any(m => declared.Contains(m.Groups[1].Value)))
            {
                return true;
            }
            var usingLine = $"using PiController.Hub.{folder};";
            if (!text.Contains(usingLine, StringComparison.Ordinal))
            {
                return false;
            }
            var body = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));
            return Word().Matches(body).Any(m => declared.Contains(m.Value));
        }

        private static IEnumerable<string> Files(string hub, string folder) =>
            Directory.EnumerateFiles(Path.Combine(hub, folder), "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        private static string Code(string path) =>
            string.Join('\n', File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

        private static string HubDirectory()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var hub = Path.Combine(directory.FullName, "hub");
                if (File.Exists(Path.Combine(hub, "PiController.Hub.csproj")))
                {
                    return hub;
                }
            }
            throw new InvalidOperationException($"no hub/PiController.Hub.csproj above {AppContext.BaseDirectory}; run the tests from a checkout");
        }
    }
}
