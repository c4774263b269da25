using System.CommandLine;

namespace PiController.Hub.Cli;

/// <summary>
/// kubectl's <c>--dry-run=none|client|server</c>: client checks the documents here and sends nothing; server has the
/// hub check, place and test them for conflicts, and answer what it would store, storing nothing.
/// </summary>
internal static class DryRunOption
{
    public const string None = "none";
    public const string Client = "client";
    public const string Server = "server";

    public static Option<string> Create() => new("--dry-run")
    {
        Description = "client (check the files here, send nothing) or server (the hub checks everything and stores nothing)",
        DefaultValueFactory = _ => None,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<string>() is not (None or Client or Server) and var value)
                {
                    result.AddError($"--dry-run must be none, client or server, got \"{value}\"");
                }
            },
        },
    };

    /// <summary>" (server dry run)" and the like, after what would have happened.</summary>
    public static string Suffix(string mode) => mode switch
    {
        Client => " (client dry run)",
        Server => " (server dry run)",
        _ => "",
    };
}
