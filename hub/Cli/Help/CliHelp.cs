using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace PiController.Hub.Cli.Help;

/// <summary>
/// The help every verb prints: System.CommandLine's sections, then the verb's examples (<see cref="CliExamples"/>)
/// and, on the root, the exit codes. A bare <c>pi-controller</c> prints the root's help and exits 0, as kubectl does.
/// </summary>
internal sealed class CliHelp(HelpAction help) : SynchronousCommandLineAction
{
    public static void AddTo(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        var action = new CliHelp((HelpAction)option.Action!);
        option.Action = action;
        root.SetAction(parse => action.Invoke(parse));
    }

    /// <summary>Whether a parse ends in printing help (then its errors are not reported: the help is the answer).</summary>
    public static bool IsHelp(CommandLineAction? action) => action is CliHelp or HelpAction;

    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var command = parseResult.CommandResult.Command;
        var examples = CliExamples.For(command);
        if (examples.Count > 0)
        {
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine($"  # {example.Comment}");
                output.WriteLine($"  {example.Line}");
            }
            output.WriteLine();
        }
        if (command is RootCommand)
        {
            output.WriteLine("Exit status:");
            foreach (var (status, meaning) in ExitCodes.All)
            {
                output.WriteLine($"  {status,-4} {meaning}");
            }
            output.WriteLine();
        }
        return code;
    }
}
