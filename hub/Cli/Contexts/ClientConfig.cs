namespace PiController.Hub.Cli.Contexts;

/// <summary>The client config: the named hubs this user talks to, and which one is current (like a kubeconfig).</summary>
internal sealed record ClientConfig(string? CurrentContext, IReadOnlyList<HubContext> Contexts)
{
    public static ClientConfig Empty { get; } = new(null, []);

    public HubContext? Find(string name) => Contexts.FirstOrDefault(c => c.Name == name);

    /// <summary>Adds <paramref name="context"/>, or replaces the one of the same name where it stands.</summary>
    public ClientConfig With(HubContext context) => this with
    {
        Contexts = Find(context.Name) is null ? [.. Contexts, context] : [.. Contexts.Select(c => c.Name == context.Name ? context : c)],
    };

    public ClientConfig Without(string name) => new(CurrentContext == name ? null : CurrentContext, [.. Contexts.Where(c => c.Name != name)]);
}
