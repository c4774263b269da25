namespace PiController.Hub.Cli.Help;

/// <summary>The exit codes, in one table that the root's help, the man pages and docs/cli.md say the same way.</summary>
internal static class ExitCodes
{
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (0, "the command did what it was asked"),
        (CliMain.Failed, "it failed or the hub refused it (the one line on stderr says why); diff: there are differences"),
        (CliMain.Usage, "the command line is wrong: an unknown verb or option, a missing or malformed argument"),
        (CliMain.Interrupted, "interrupted (Ctrl-C)"),
    ];
}
