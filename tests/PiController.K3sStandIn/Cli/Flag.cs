namespace PiController.K3sStandIn.Cli;

/// <summary>How a flag takes its value, as urfave/cli (K3s's command-line library) does.</summary>
internal enum FlagKind
{
    /// <summary>--name, or --name=true|false.</summary>
    Bool,

    /// <summary>--name VALUE or --name=VALUE; the last one given wins.</summary>
    Text,

    /// <summary>Repeatable; a list in config.yaml.</summary>
    List,
}

/// <summary>One flag of <c>k3s server</c> or <c>k3s agent</c> that the stand-in knows, with K3s's name, short alias and
/// environment variable.</summary>
internal sealed record Flag(string Name, FlagKind Kind, string? Alias = null, string? Variable = null, bool ServerOnly = false);
